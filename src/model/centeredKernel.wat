;; A dense layer's training products over sparse rows (core/centeredRows.ts), in WebAssembly
;; SIMD (f32x4). Rows are compressed-sparse-row deviations from a per-column centre: row r's
;; entries are rowStart[r] … rowStart[r + 1] − 1, each a column and a deviation. A batch is a
;; list of row indices. Matrices are row-major with `rowBytes` bytes per row (units × 4, a
;; multiple of 16). Every pointer is a byte offset into this module's memory.
(module
  (memory (export "memory") 1)
  ;; out[i] = shared + Σ over row batch[i]'s entries e of deviation[e] · kernel[column[e]]
  ;; (rows of up to 32 units are summed in registers, wider ones in memory: the same additions in
  ;; the same order either way)
  (func (export "product")
    (param $batch i32) (param $count i32) (param $rowStart i32) (param $column i32)
    (param $deviation i32) (param $kernel i32) (param $shared i32) (param $out i32)
    (param $rowBytes i32)
    (local $i i32) (local $row i32) (local $e i32) (local $last i32) (local $o i32)
    (local $w i32) (local $u i32) (local $v v128) (local $vectors i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $a4 v128) (local $a5 v128) (local $a6 v128) (local $a7 v128) 
    (local.set $o (local.get $out))
    (local.set $vectors (i32.shr_u (local.get $rowBytes) (i32.const 4)))
    (block $rowsDone
      (loop $nextRow
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $count)))
        (local.set $row
          (i32.shl
            (i32.load (i32.add (local.get $batch) (i32.shl (local.get $i) (i32.const 2))))
            (i32.const 2)))
        (local.set $e (i32.load (i32.add (local.get $rowStart) (local.get $row))))
        (local.set $last (i32.load (i32.add (i32.add (local.get $rowStart) (local.get $row)) (i32.const 4))))
        (if (i32.le_u (local.get $vectors) (i32.const 8))
          (then
            ;; registers: a0 … a7 start at the shared row
            (local.set $a0 (v128.load offset=0 (local.get $shared)))
                (if (i32.gt_u (local.get $vectors) (i32.const 1)) (then (local.set $a1 (v128.load offset=16 (local.get $shared)))))
                (if (i32.gt_u (local.get $vectors) (i32.const 2)) (then (local.set $a2 (v128.load offset=32 (local.get $shared)))))
                (if (i32.gt_u (local.get $vectors) (i32.const 3)) (then (local.set $a3 (v128.load offset=48 (local.get $shared)))))
                (if (i32.gt_u (local.get $vectors) (i32.const 4)) (then (local.set $a4 (v128.load offset=64 (local.get $shared)))))
                (if (i32.gt_u (local.get $vectors) (i32.const 5)) (then (local.set $a5 (v128.load offset=80 (local.get $shared)))))
                (if (i32.gt_u (local.get $vectors) (i32.const 6)) (then (local.set $a6 (v128.load offset=96 (local.get $shared)))))
                (if (i32.gt_u (local.get $vectors) (i32.const 7)) (then (local.set $a7 (v128.load offset=112 (local.get $shared)))))
            (block $regEntriesDone
              (loop $regNextEntry
                (br_if $regEntriesDone (i32.ge_u (local.get $e) (local.get $last)))
                (local.set $v
                  (f32x4.splat
                    (f32.load (i32.add (local.get $deviation) (i32.shl (local.get $e) (i32.const 2))))))
                (local.set $w
                  (i32.add
                    (local.get $kernel)
                    (i32.mul
                      (i32.load (i32.add (local.get $column) (i32.shl (local.get $e) (i32.const 2))))
                      (local.get $rowBytes))))
                (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $v) (v128.load offset=0 (local.get $w)))))
                    (if (i32.gt_u (local.get $vectors) (i32.const 1)) (then (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $v) (v128.load offset=16 (local.get $w)))))))
                    (if (i32.gt_u (local.get $vectors) (i32.const 2)) (then (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $v) (v128.load offset=32 (local.get $w)))))))
                    (if (i32.gt_u (local.get $vectors) (i32.const 3)) (then (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $v) (v128.load offset=48 (local.get $w)))))))
                    (if (i32.gt_u (local.get $vectors) (i32.const 4)) (then (local.set $a4 (f32x4.add (local.get $a4) (f32x4.mul (local.get $v) (v128.load offset=64 (local.get $w)))))))
                    (if (i32.gt_u (local.get $vectors) (i32.const 5)) (then (local.set $a5 (f32x4.add (local.get $a5) (f32x4.mul (local.get $v) (v128.load offset=80 (local.get $w)))))))
                    (if (i32.gt_u (local.get $vectors) (i32.const 6)) (then (local.set $a6 (f32x4.add (local.get $a6) (f32x4.mul (local.get $v) (v128.load offset=96 (local.get $w)))))))
                    (if (i32.gt_u (local.get $vectors) (i32.const 7)) (then (local.set $a7 (f32x4.add (local.get $a7) (f32x4.mul (local.get $v) (v128.load offset=112 (local.get $w)))))))
                (local.set $e (i32.add (local.get $e) (i32.const 1)))
                (br $regNextEntry)))
            (v128.store offset=0 (local.get $o) (local.get $a0))
                (if (i32.gt_u (local.get $vectors) (i32.const 1)) (then (v128.store offset=16 (local.get $o) (local.get $a1))))
                (if (i32.gt_u (local.get $vectors) (i32.const 2)) (then (v128.store offset=32 (local.get $o) (local.get $a2))))
                (if (i32.gt_u (local.get $vectors) (i32.const 3)) (then (v128.store offset=48 (local.get $o) (local.get $a3))))
                (if (i32.gt_u (local.get $vectors) (i32.const 4)) (then (v128.store offset=64 (local.get $o) (local.get $a4))))
                (if (i32.gt_u (local.get $vectors) (i32.const 5)) (then (v128.store offset=80 (local.get $o) (local.get $a5))))
                (if (i32.gt_u (local.get $vectors) (i32.const 6)) (then (v128.store offset=96 (local.get $o) (local.get $a6))))
                (if (i32.gt_u (local.get $vectors) (i32.const 7)) (then (v128.store offset=112 (local.get $o) (local.get $a7)))))
          (else
            (local.set $u (i32.const 0))
            (block $copyDone
              (loop $copy
                (br_if $copyDone (i32.ge_u (local.get $u) (local.get $rowBytes)))
                (v128.store
                  (i32.add (local.get $o) (local.get $u))
                  (v128.load (i32.add (local.get $shared) (local.get $u))))
                (local.set $u (i32.add (local.get $u) (i32.const 16)))
                (br $copy)))
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
                (br $nextEntry)))))
        (local.set $o (i32.add (local.get $o) (local.get $rowBytes)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $nextRow))))
  ;; out[column[e]] += deviation[e] · upstream[i] for every entry e of every row batch[i];
  ;; out must hold its starting values (zeros for a plain Sᵀ·dY). An upstream row of up to 32
  ;; units is held in registers while its entries are added.
  (func (export "transposeProduct")
    (param $batch i32) (param $count i32) (param $rowStart i32) (param $column i32)
    (param $deviation i32) (param $upstream i32) (param $out i32) (param $rowBytes i32)
    (local $i i32) (local $row i32) (local $e i32) (local $last i32) (local $d i32)
    (local $w i32) (local $u i32) (local $v v128) (local $vectors i32)
    (local $d0 v128) (local $d1 v128) (local $d2 v128) (local $d3 v128) (local $d4 v128) (local $d5 v128) (local $d6 v128) (local $d7 v128) 
    (local.set $d (local.get $upstream))
    (local.set $vectors (i32.shr_u (local.get $rowBytes) (i32.const 4)))
    (block $rowsDone
      (loop $nextRow
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $count)))
        (local.set $row
          (i32.shl
            (i32.load (i32.add (local.get $batch) (i32.shl (local.get $i) (i32.const 2))))
            (i32.const 2)))
        (local.set $e (i32.load (i32.add (local.get $rowStart) (local.get $row))))
        (local.set $last (i32.load (i32.add (i32.add (local.get $rowStart) (local.get $row)) (i32.const 4))))
        (if (i32.le_u (local.get $vectors) (i32.const 8))
          (then
            (local.set $d0 (v128.load offset=0 (local.get $d)))
            (if (i32.gt_u (local.get $vectors) (i32.const 1)) (then (local.set $d1 (v128.load offset=16 (local.get $d)))))
            (if (i32.gt_u (local.get $vectors) (i32.const 2)) (then (local.set $d2 (v128.load offset=32 (local.get $d)))))
            (if (i32.gt_u (local.get $vectors) (i32.const 3)) (then (local.set $d3 (v128.load offset=48 (local.get $d)))))
            (if (i32.gt_u (local.get $vectors) (i32.const 4)) (then (local.set $d4 (v128.load offset=64 (local.get $d)))))
            (if (i32.gt_u (local.get $vectors) (i32.const 5)) (then (local.set $d5 (v128.load offset=80 (local.get $d)))))
            (if (i32.gt_u (local.get $vectors) (i32.const 6)) (then (local.set $d6 (v128.load offset=96 (local.get $d)))))
            (if (i32.gt_u (local.get $vectors) (i32.const 7)) (then (local.set $d7 (v128.load offset=112 (local.get $d)))))
            (block $regEntriesDone
              (loop $regNextEntry
                (br_if $regEntriesDone (i32.ge_u (local.get $e) (local.get $last)))
                (local.set $v
                  (f32x4.splat
                    (f32.load (i32.add (local.get $deviation) (i32.shl (local.get $e) (i32.const 2))))))
                (local.set $w
                  (i32.add
                    (local.get $out)
                    (i32.mul
                      (i32.load (i32.add (local.get $column) (i32.shl (local.get $e) (i32.const 2))))
                      (local.get $rowBytes))))
                (v128.store offset=0 (local.get $w) (f32x4.add (v128.load offset=0 (local.get $w)) (f32x4.mul (local.get $v) (local.get $d0))))
                    (if (i32.gt_u (local.get $vectors) (i32.const 1)) (then (v128.store offset=16 (local.get $w) (f32x4.add (v128.load offset=16 (local.get $w)) (f32x4.mul (local.get $v) (local.get $d1))))))
                    (if (i32.gt_u (local.get $vectors) (i32.const 2)) (then (v128.store offset=32 (local.get $w) (f32x4.add (v128.load offset=32 (local.get $w)) (f32x4.mul (local.get $v) (local.get $d2))))))
                    (if (i32.gt_u (local.get $vectors) (i32.const 3)) (then (v128.store offset=48 (local.get $w) (f32x4.add (v128.load offset=48 (local.get $w)) (f32x4.mul (local.get $v) (local.get $d3))))))
                    (if (i32.gt_u (local.get $vectors) (i32.const 4)) (then (v128.store offset=64 (local.get $w) (f32x4.add (v128.load offset=64 (local.get $w)) (f32x4.mul (local.get $v) (local.get $d4))))))
                    (if (i32.gt_u (local.get $vectors) (i32.const 5)) (then (v128.store offset=80 (local.get $w) (f32x4.add (v128.load offset=80 (local.get $w)) (f32x4.mul (local.get $v) (local.get $d5))))))
                    (if (i32.gt_u (local.get $vectors) (i32.const 6)) (then (v128.store offset=96 (local.get $w) (f32x4.add (v128.load offset=96 (local.get $w)) (f32x4.mul (local.get $v) (local.get $d6))))))
                    (if (i32.gt_u (local.get $vectors) (i32.const 7)) (then (v128.store offset=112 (local.get $w) (f32x4.add (v128.load offset=112 (local.get $w)) (f32x4.mul (local.get $v) (local.get $d7))))))
                (local.set $e (i32.add (local.get $e) (i32.const 1)))
                (br $regNextEntry))))
          (else
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
                (br $nextEntry)))))
        (local.set $d (i32.add (local.get $d) (local.get $rowBytes)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $nextRow)))))
