;; A dense layer's training passes over a batch, in WebAssembly SIMD (f32x4), for a tower's
;; layers after its first. Inputs x are the layer below's pre-activations, `in` per row (rows
;; `xRow` floats apart), read through a ReLU; outputs and their gradients are `outPad` wide per row
;; (a multiple of 4; unused outputs have zero weights). kernel is [in, outPad], bias [outPad].
;; Every pointer is a byte offset into this module's memory, 16-byte aligned where v128s are read.
(module
  (memory (export "memory") 1)
  ;; y[r, :] = bias + Σ over i < in of relu(x[r, i]) · kernel[i, :]; a 0 input adds nothing.
  (func (export "forward")
    (param $rows i32) (param $in i32) (param $x i32) (param $xRow i32) (param $kernel i32)
    (param $bias i32) (param $outPad i32) (param $y i32)
    (local $r i32) (local $i i32) (local $u i32) (local $rowBytes i32) (local $xr i32)
    (local $k i32) (local $v v128) (local $a f32)
    (local.set $rowBytes (i32.shl (local.get $outPad) (i32.const 2)))
    (block $rowsDone
      (loop $nextRow
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $u (i32.const 0))
        (block $biasDone
          (loop $copyBias
            (br_if $biasDone (i32.ge_u (local.get $u) (local.get $rowBytes)))
            (v128.store
              (i32.add (local.get $y) (local.get $u))
              (v128.load (i32.add (local.get $bias) (local.get $u))))
            (local.set $u (i32.add (local.get $u) (i32.const 16)))
            (br $copyBias)))
        (local.set $xr
          (i32.add (local.get $x) (i32.shl (i32.mul (local.get $r) (local.get $xRow)) (i32.const 2))))
        (local.set $k (local.get $kernel))
        (local.set $i (i32.const 0))
        (block $inputsDone
          (loop $nextInput
            (br_if $inputsDone (i32.ge_u (local.get $i) (local.get $in)))
            (local.set $a (f32.load (i32.add (local.get $xr) (i32.shl (local.get $i) (i32.const 2)))))
            (if (f32.gt (local.get $a) (f32.const 0))
              (then
                (local.set $v (f32x4.splat (local.get $a)))
                (local.set $u (i32.const 0))
                (block $unitsDone
                  (loop $units
                    (br_if $unitsDone (i32.ge_u (local.get $u) (local.get $rowBytes)))
                    (v128.store
                      (i32.add (local.get $y) (local.get $u))
                      (f32x4.add
                        (v128.load (i32.add (local.get $y) (local.get $u)))
                        (f32x4.mul (local.get $v) (v128.load (i32.add (local.get $k) (local.get $u))))))
                    (local.set $u (i32.add (local.get $u) (i32.const 16)))
                    (br $units)))))
            (local.set $k (i32.add (local.get $k) (local.get $rowBytes)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $nextInput)))
        (local.set $y (i32.add (local.get $y) (local.get $rowBytes)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $nextRow))))
  ;; From delta = d loss / d y (rows × outPad): kernelGrad[i, :] += relu(x[r, i]) · delta[r, :],
  ;; biasGrad[:] += delta[r, :], and below[r, i] = d loss / d x[r, i] = Σ delta[r, :] · kernel[i, :]
  ;; where x[r, i] > 0, else 0 (rows `in` floats apart). kernelGrad and biasGrad hold their
  ;; starting values (zeros for a batch's gradient).
  (func (export "backward")
    (param $rows i32) (param $in i32) (param $x i32) (param $xRow i32) (param $kernel i32)
    (param $outPad i32) (param $delta i32) (param $kernelGrad i32) (param $biasGrad i32)
    (param $below i32)
    (local $r i32) (local $i i32) (local $u i32) (local $rowBytes i32) (local $xr i32)
    (local $k i32) (local $g i32) (local $v v128) (local $d v128) (local $sum v128) (local $a f32)
    (local.set $rowBytes (i32.shl (local.get $outPad) (i32.const 2)))
    (block $rowsDone
      (loop $nextRow
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $u (i32.const 0))
        (block $biasDone
          (loop $addBias
            (br_if $biasDone (i32.ge_u (local.get $u) (local.get $rowBytes)))
            (v128.store
              (i32.add (local.get $biasGrad) (local.get $u))
              (f32x4.add
                (v128.load (i32.add (local.get $biasGrad) (local.get $u)))
                (v128.load (i32.add (local.get $delta) (local.get $u)))))
            (local.set $u (i32.add (local.get $u) (i32.const 16)))
            (br $addBias)))
        (local.set $xr
          (i32.add (local.get $x) (i32.shl (i32.mul (local.get $r) (local.get $xRow)) (i32.const 2))))
        (local.set $k (local.get $kernel))
        (local.set $g (local.get $kernelGrad))
        (local.set $i (i32.const 0))
        (block $inputsDone
          (loop $nextInput
            (br_if $inputsDone (i32.ge_u (local.get $i) (local.get $in)))
            (local.set $a (f32.load (i32.add (local.get $xr) (i32.shl (local.get $i) (i32.const 2)))))
            (if (f32.gt (local.get $a) (f32.const 0))
              (then
                (local.set $v (f32x4.splat (local.get $a)))
                (local.set $sum (f32x4.splat (f32.const 0)))
                (local.set $u (i32.const 0))
                (block $unitsDone
                  (loop $units
                    (br_if $unitsDone (i32.ge_u (local.get $u) (local.get $rowBytes)))
                    (local.set $d (v128.load (i32.add (local.get $delta) (local.get $u))))
                    (v128.store
                      (i32.add (local.get $g) (local.get $u))
                      (f32x4.add
                        (v128.load (i32.add (local.get $g) (local.get $u)))
                        (f32x4.mul (local.get $v) (local.get $d))))
                    (local.set $sum
                      (f32x4.add
                        (local.get $sum)
                        (f32x4.mul (local.get $d) (v128.load (i32.add (local.get $k) (local.get $u))))))
                    (local.set $u (i32.add (local.get $u) (i32.const 16)))
                    (br $units)))
                (f32.store
                  (local.get $below)
                  (f32.add
                    (f32.add
                      (f32x4.extract_lane 0 (local.get $sum))
                      (f32x4.extract_lane 1 (local.get $sum)))
                    (f32.add
                      (f32x4.extract_lane 2 (local.get $sum))
                      (f32x4.extract_lane 3 (local.get $sum))))))
              (else (f32.store (local.get $below) (f32.const 0))))
            (local.set $below (i32.add (local.get $below) (i32.const 4)))
            (local.set $k (i32.add (local.get $k) (local.get $rowBytes)))
            (local.set $g (i32.add (local.get $g) (local.get $rowBytes)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $nextInput)))
        (local.set $delta (i32.add (local.get $delta) (local.get $rowBytes)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $nextRow)))))
