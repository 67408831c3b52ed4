;; A dense layer's training products over sparse rows (core/centeredRows.ts), in WebAssembly
;; SIMD (f32x4). Rows are compressed-sparse-row deviations from a per-column centre: row r's
;; entries are rowStart[r] … rowStart[r + 1] − 1, each a column and a deviation. A batch is a
;; list of row indices. Matrices are row-major with `rowBytes` bytes per row (units × 4, a
;; multiple of 16). Every pointer is a byte offset into this module's memory.
(module
  (memory (export "memory") 1)
  ;; out[i] = shared + Σ over row batch[i]'s entries e of deviation[e] · kernel[column[e]]
  (func (export "product")
    (param $batch i32) (param $count i32) (param $rowStart i32) (param $column i32)
    (param $deviation i32) (param $kernel i32) (param $shared i32) (param $out i32)
    (param $rowBytes i32)
    (local $i i32) (local $row i32) (local $e i32) (local $last i32) (local $o i32)
    (local $w i32) (local $u i32) (local $v v128)
    (local.set $o (local.get $out))
    (block $rowsDone
      (loop $nextRow
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $count)))
        (local.set $u (i32.const 0))
        (block $copyDone
          (loop $copy
            (br_if $copyDone (i32.ge_u (local.get $u) (local.get $rowBytes)))
            (v128.store
              (i32.add (local.get $o) (local.get $u))
              (v128.load (i32.add (local.get $shared) (local.get $u))))
            (local.set $u (i32.add (local.get $u) (i32.const 16)))
            (br $copy)))
        (local.set $row
          (i32.shl
            (i32.load (i32.add (local.get $batch) (i32.shl (local.get $i) (i32.const 2))))
            (i32.const 2)))
        (local.set $e (i32.load (i32.add (local.get $rowStart) (local.get $row))))
        (local.set $last (i32.load (i32.add (i32.add (local.get $rowStart) (local.get $row)) (i32.const 4))))
        (block $entriesDone
          (loop $nextEntry
            (br_if $entriesDone (i32.ge_u (local.get $e) (local.get $last)))
            (local.set $v
              (f32x4.splat
                (f32.load (i32.add (local.get $deviation) (i32.shl (local.get $e) (i32.const 2))))))
            (local.set $w
              (i32.add
                (local.get $kernel)
                (i32.mul
                  (i32.load (i32.add (local.get $column) (i32.shl (local.get $e) (i32.const 2))))
                  (local.get $rowBytes))))
            (local.set $u (i32.const 0))
            (block $unitsDone
              (loop $units
                (br_if $unitsDone (i32.ge_u (local.get $u) (local.get $rowBytes)))
                (v128.store
                  (i32.add (local.get $o) (local.get $u))
                  (f32x4.add
                    (v128.load (i32.add (local.get $o) (local.get $u)))
                    (f32x4.mul (local.get $v) (v128.load (i32.add (local.get $w) (local.get $u))))))
                (local.set $u (i32.add (local.get $u) (i32.const 16)))
                (br $units)))
            (local.set $e (i32.add (local.get $e) (i32.const 1)))
            (br $nextEntry)))
        (local.set $o (i32.add (local.get $o) (local.get $rowBytes)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $nextRow))))
  ;; out[column[e]] += deviation[e] · upstream[i] for every entry e of every row batch[i];
  ;; out must hold its starting values (zeros for a plain Sᵀ·dY).
  (func (export "transposeProduct")
    (param $batch i32) (param $count i32) (param $rowStart i32) (param $column i32)
    (param $deviation i32) (param $upstream i32) (param $out i32) (param $rowBytes i32)
    (local $i i32) (local $row i32) (local $e i32) (local $last i32) (local $d i32)
    (local $w i32) (local $u i32) (local $v v128)
    (local.set $d (local.get $upstream))
    (block $rowsDone
      (loop $nextRow
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $count)))
        (local.set $row
          (i32.shl
            (i32.load (i32.add (local.get $batch) (i32.shl (local.get $i) (i32.const 2))))
            (i32.const 2)))
        (local.set $e (i32.load (i32.add (local.get $rowStart) (local.get $row))))
        (local.set $last (i32.load (i32.add (i32.add (local.get $rowStart) (local.get $row)) (i32.const 4))))
        (block $entriesDone
          (loop $nextEntry
            (br_if $entriesDone (i32.ge_u (local.get $e) (local.get $last)))
            (local.set $v
              (f32x4.splat
                (f32.load (i32.add (local.get $deviation) (i32.shl (local.get $e) (i32.const 2))))))
            (local.set $w
              (i32.add
                (local.get $out)
                (i32.mul
                  (i32.load (i32.add (local.get $column) (i32.shl (local.get $e) (i32.const 2))))
                  (local.get $rowBytes))))
            (local.set $u (i32.const 0))
            (block $unitsDone
              (loop $units
                (br_if $unitsDone (i32.ge_u (local.get $u) (local.get $rowBytes)))
                (v128.store
                  (i32.add (local.get $w) (local.get $u))
                  (f32x4.add
                    (v128.load (i32.add (local.get $w) (local.get $u)))
                    (f32x4.mul (local.get $v) (v128.load (i32.add (local.get $d) (local.get $u))))))
                (local.set $u (i32.add (local.get $u) (i32.const 16)))
                (br $units)))
            (local.set $e (i32.add (local.get $e) (i32.const 1)))
            (br $nextEntry)))
        (local.set $d (i32.add (local.get $d) (local.get $rowBytes)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $nextRow)))))
