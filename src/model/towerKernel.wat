;; One dense step of T same-shape towers, for every row of a batch, in WebAssembly SIMD (f32x4):
;;   y[r, t, o] = bias[t, o] + Σ over i < in of act(x[r, t, i]) · kernel[t, i, o]   (o < outPad)
;; where act is relu when $relu ≠ 0 and the identity otherwise; an input that is 0 after act adds
;; nothing and is skipped. Tower t's inputs of row r start at float r·xRow + t·xTower from $x;
;; outputs are written [rows, T, outPad]. kernel is [T, in, outPad], bias [T, outPad]; outPad is
;; a multiple of 4 (unused outputs have zero weights). Every pointer is a byte offset into this
;; module's memory; $y, $kernel and $bias are 16-byte aligned. Up to 16 outputs a tower are summed
;; in registers; wider towers sum in memory.
(module
  (memory (export "memory") 1)
  (func (export "step")
    (param $rows i32) (param $towers i32) (param $x i32) (param $xRow i32) (param $xTower i32)
    (param $in i32) (param $relu i32) (param $kernel i32) (param $bias i32) (param $outPad i32)
    (param $y i32)
    (local $r i32) (local $t i32) (local $i i32) (local $u i32) (local $outBytes i32)
    (local $xt i32) (local $yt i32) (local $bt i32) (local $kr i32) (local $v f32) (local $vs v128)
    (local $vectors i32) (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local.set $outBytes (i32.shl (local.get $outPad) (i32.const 2)))
    (local.set $yt (local.get $y))
    (local.set $vectors (i32.shr_u (local.get $outPad) (i32.const 2)))
    (block $rowsDone
      (loop $nextRow
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $t (i32.const 0))
        (block $towersDone
          (loop $nextTower
            (br_if $towersDone (i32.ge_u (local.get $t) (local.get $towers)))
            (local.set $xt
              (i32.add
                (local.get $x)
                (i32.shl
                  (i32.add
                    (i32.mul (local.get $r) (local.get $xRow))
                    (i32.mul (local.get $t) (local.get $xTower)))
                  (i32.const 2))))
            (local.set $bt
              (i32.add (local.get $bias) (i32.mul (local.get $t) (local.get $outBytes))))
            (if (i32.le_u (local.get $vectors) (i32.const 4))
              (then
                ;; registers: a0…a3 start at the tower's bias
                (local.set $a0 (v128.load (local.get $bt)))
                (if (i32.gt_u (local.get $vectors) (i32.const 1))
                  (then (local.set $a1 (v128.load offset=16 (local.get $bt)))))
                (if (i32.gt_u (local.get $vectors) (i32.const 2))
                  (then (local.set $a2 (v128.load offset=32 (local.get $bt)))))
                (if (i32.gt_u (local.get $vectors) (i32.const 3))
                  (then (local.set $a3 (v128.load offset=48 (local.get $bt)))))
                (local.set $kr
                  (i32.add
                    (local.get $kernel)
                    (i32.mul
                      (i32.mul (local.get $t) (local.get $in))
                      (local.get $outBytes))))
                (local.set $i (i32.const 0))
                (block $regInputsDone
                  (loop $regNextInput
                    (br_if $regInputsDone (i32.ge_u (local.get $i) (local.get $in)))
                    (local.set $v
                      (f32.load (i32.add (local.get $xt) (i32.shl (local.get $i) (i32.const 2)))))
                    (if (i32.ne (local.get $relu) (i32.const 0))
                      (then (local.set $v (f32.max (local.get $v) (f32.const 0)))))
                    (block
                      (block
                        (local.set $vs (f32x4.splat (local.get $v)))
                        (local.set $a0
                          (f32x4.add (local.get $a0)
                            (f32x4.mul (local.get $vs) (v128.load (local.get $kr)))))
                        (if (i32.gt_u (local.get $vectors) (i32.const 1))
                          (then
                            (local.set $a1
                              (f32x4.add (local.get $a1)
                                (f32x4.mul (local.get $vs) (v128.load offset=16 (local.get $kr)))))))
                        (if (i32.gt_u (local.get $vectors) (i32.const 2))
                          (then
                            (local.set $a2
                              (f32x4.add (local.get $a2)
                                (f32x4.mul (local.get $vs) (v128.load offset=32 (local.get $kr)))))))
                        (if (i32.gt_u (local.get $vectors) (i32.const 3))
                          (then
                            (local.set $a3
                              (f32x4.add (local.get $a3)
                                (f32x4.mul (local.get $vs) (v128.load offset=48 (local.get $kr)))))))))
                    (local.set $kr (i32.add (local.get $kr) (local.get $outBytes)))
                    (local.set $i (i32.add (local.get $i) (i32.const 1)))
                    (br $regNextInput)))
                (v128.store (local.get $yt) (local.get $a0))
                (if (i32.gt_u (local.get $vectors) (i32.const 1))
                  (then (v128.store offset=16 (local.get $yt) (local.get $a1))))
                (if (i32.gt_u (local.get $vectors) (i32.const 2))
                  (then (v128.store offset=32 (local.get $yt) (local.get $a2))))
                (if (i32.gt_u (local.get $vectors) (i32.const 3))
                  (then (v128.store offset=48 (local.get $yt) (local.get $a3)))))
              (else
                ;; the tower's outputs start at its bias
                (local.set $u (i32.const 0))
                (block $copyDone
                  (loop $copy
                    (br_if $copyDone (i32.ge_u (local.get $u) (local.get $outBytes)))
                    (v128.store
                      (i32.add (local.get $yt) (local.get $u))
                      (v128.load (i32.add (local.get $bt) (local.get $u))))
                    (local.set $u (i32.add (local.get $u) (i32.const 16)))
                    (br $copy)))
                ;; kernel row of input 0 of tower t
                (local.set $kr
                  (i32.add
                    (local.get $kernel)
                    (i32.mul
                      (i32.mul (local.get $t) (local.get $in))
                      (local.get $outBytes))))
                (local.set $i (i32.const 0))
                (block $inputsDone
                  (loop $nextInput
                    (br_if $inputsDone (i32.ge_u (local.get $i) (local.get $in)))
                    (local.set $v
                      (f32.load (i32.add (local.get $xt) (i32.shl (local.get $i) (i32.const 2)))))
                    (if (i32.ne (local.get $relu) (i32.const 0))
                      (then (local.set $v (f32.max (local.get $v) (f32.const 0)))))
                    (block
                      (block
                        (local.set $vs (f32x4.splat (local.get $v)))
                        (local.set $u (i32.const 0))
                        (block $outsDone
                          (loop $outs
                            (br_if $outsDone (i32.ge_u (local.get $u) (local.get $outBytes)))
                            (v128.store
                              (i32.add (local.get $yt) (local.get $u))
                              (f32x4.add
                                (v128.load (i32.add (local.get $yt) (local.get $u)))
                                (f32x4.mul
                                  (local.get $vs)
                                  (v128.load (i32.add (local.get $kr) (local.get $u))))))
                            (local.set $u (i32.add (local.get $u) (i32.const 16)))
                            (br $outs)))))
                    (local.set $kr (i32.add (local.get $kr) (local.get $outBytes)))
                    (local.set $i (i32.add (local.get $i) (i32.const 1)))
                    (br $nextInput)))))
            (local.set $yt (i32.add (local.get $yt) (local.get $outBytes)))
            (local.set $t (i32.add (local.get $t) (i32.const 1)))
            (br $nextTower)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $nextRow)))))
