;; The sparse first layer's inner loop, in WebAssembly SIMD (f32x4). For each row r of a batch:
;;   out[r] = baseline + Σ over the row's cells k of (A[entry k] + dt[k] · S[entry k])
;; for the first `accumulated` units; the rest of a row's `width` units keep the baseline. Table
;; entry e holds A then S, each `accumulated` floats (both widths multiples of 4).
;; Every pointer is a byte offset into this module's memory; rowEnd[r] is the index one past
;; row r's last cell (cells of a batch are consecutive).
(module
  (memory (export "memory") 1)
  (func (export "accumulate")
    (param $rows i32) (param $rowEnd i32) (param $entries i32) (param $dts i32)
    (param $table i32) (param $baseline i32) (param $out i32) (param $width i32)
    (param $accumulated i32)
    (local $rowBytes i32) (local $entryBytes i32) (local $r i32) (local $k i32) (local $end i32) (local $o i32)
    (local $a i32) (local $s i32) (local $u i32) (local $dt v128)
    (local.set $rowBytes (i32.shl (local.get $width) (i32.const 2)))
    (local.set $entryBytes (i32.shl (local.get $accumulated) (i32.const 2)))
    (local.set $o (local.get $out))
    (block $rowsDone
      (loop $nextRow
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
        ;; out row = baseline
        (local.set $u (i32.const 0))
        (block $copyDone
          (loop $copy
            (br_if $copyDone (i32.ge_u (local.get $u) (local.get $rowBytes)))
            (v128.store
              (i32.add (local.get $o) (local.get $u))
              (v128.load (i32.add (local.get $baseline) (local.get $u))))
            (local.set $u (i32.add (local.get $u) (i32.const 16)))
            (br $copy)))
        (local.set $end
          (i32.load (i32.add (local.get $rowEnd) (i32.shl (local.get $r) (i32.const 2)))))
        (block $cellsDone
          (loop $nextCell
            (br_if $cellsDone (i32.ge_u (local.get $k) (local.get $end)))
            (local.set $a
              (i32.add
                (local.get $table)
                (i32.mul
                  (i32.load (i32.add (local.get $entries) (i32.shl (local.get $k) (i32.const 2))))
                  (i32.shl (local.get $entryBytes) (i32.const 1)))))
            (local.set $s (i32.add (local.get $a) (local.get $entryBytes)))
            (local.set $dt
              (f32x4.splat
                (f32.load (i32.add (local.get $dts) (i32.shl (local.get $k) (i32.const 2))))))
            (local.set $u (i32.const 0))
            (block $unitsDone
              (loop $units
                (br_if $unitsDone (i32.ge_u (local.get $u) (local.get $entryBytes)))
                (v128.store
                  (i32.add (local.get $o) (local.get $u))
                  (f32x4.add
                    (v128.load (i32.add (local.get $o) (local.get $u)))
                    (f32x4.add
                      (v128.load (i32.add (local.get $a) (local.get $u)))
                      (f32x4.mul
                        (local.get $dt)
                        (v128.load (i32.add (local.get $s) (local.get $u)))))))
                (local.set $u (i32.add (local.get $u) (i32.const 16)))
                (br $units)))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $nextCell)))
        (local.set $o (i32.add (local.get $o) (local.get $rowBytes)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $nextRow)))))
