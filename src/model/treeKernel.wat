;; Boosted oblivious trees for four rows at a time, in WebAssembly SIMD (f32x4 lanes = rows):
;;   out[4g + i] = bias + Σ over trees t of leaves[t·2^depth + leaf(t, row 4g + i)]
;; where bit l of leaf(t, row) is set when the row's value in split k = t·depth + l's column is
;; strictly above threshold k. The rows' values come interleaved: group g's column j is the
;; f32x4 at $block + g·$groupBytes + j·16 (lane i = row 4g + i); slots[k] is split k's column
;; times 16; thresholds come splatted, threshold k in all four lanes of the vector at
;; $thresholds + 16k. The sum runs in f64, tree by tree, each leaf promoted from f32 (the order and
;; rounding of core's scoreTreeRows, so both give the same bits), and is stored as f32.
;; Every pointer is a byte offset into this module's memory; $block is 16-byte aligned.
(module
  (memory (export "memory") 1)
  (func (export "trees")
    (param $groups i32) (param $block i32) (param $groupBytes i32) (param $splits i32)
    (param $depth i32) (param $slots i32) (param $thresholds i32) (param $leaves i32)
    (param $bias f64) (param $out i32)
    (local $g i32) (local $base i32) (local $k i32) (local $l i32) (local $tree i32)
    (local $leaf v128) (local $bit v128) (local $s0 f64) (local $s1 f64) (local $s2 f64) (local $s3 f64)
    (local $leafBytes i32)
    (local.set $leafBytes (i32.shl (i32.const 4) (local.get $depth)))
    (block $groupsDone
      (loop $nextGroup
        (br_if $groupsDone (i32.ge_u (local.get $g) (local.get $groups)))
        (local.set $base
          (i32.add (local.get $block) (i32.mul (local.get $g) (local.get $groupBytes))))
        (local.set $s0 (local.get $bias))
        (local.set $s1 (local.get $bias))
        (local.set $s2 (local.get $bias))
        (local.set $s3 (local.get $bias))
        (local.set $k (i32.const 0))
        (local.set $tree (local.get $leaves))
        (block $treesDone
          (loop $nextTree
            (br_if $treesDone (i32.ge_u (local.get $k) (local.get $splits)))
            (local.set $leaf (v128.const i32x4 0 0 0 0))
            (local.set $bit (v128.const i32x4 1 1 1 1))
            (local.set $l (i32.const 0))
            (block $levelsDone
              (loop $nextLevel
                (br_if $levelsDone (i32.ge_u (local.get $l) (local.get $depth)))
                ;; leaf |= (values > threshold) & bit, lane by lane; bit = 1 << l
                (local.set $leaf
                  (v128.or
                    (local.get $leaf)
                    (v128.and
                      (f32x4.gt
                        (v128.load
                          (i32.add
                            (local.get $base)
                            (i32.load
                              (i32.add
                                (local.get $slots)
                                (i32.shl (local.get $k) (i32.const 2))))))
                        (v128.load
                          (i32.add
                            (local.get $thresholds)
                            (i32.shl (local.get $k) (i32.const 4)))))
                      (local.get $bit))))
                (local.set $bit (i32x4.shl (local.get $bit) (i32.const 1)))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (local.set $l (i32.add (local.get $l) (i32.const 1)))
                (br $nextLevel)))
            ;; each lane's leaf, read from this tree's leaves
            (local.set $s0
              (f64.add (local.get $s0)
                (f64.promote_f32
                  (f32.load
                    (i32.add (local.get $tree)
                      (i32.shl (i32x4.extract_lane 0 (local.get $leaf)) (i32.const 2)))))))
            (local.set $s1
              (f64.add (local.get $s1)
                (f64.promote_f32
                  (f32.load
                    (i32.add (local.get $tree)
                      (i32.shl (i32x4.extract_lane 1 (local.get $leaf)) (i32.const 2)))))))
            (local.set $s2
              (f64.add (local.get $s2)
                (f64.promote_f32
                  (f32.load
                    (i32.add (local.get $tree)
                      (i32.shl (i32x4.extract_lane 2 (local.get $leaf)) (i32.const 2)))))))
            (local.set $s3
              (f64.add (local.get $s3)
                (f64.promote_f32
                  (f32.load
                    (i32.add (local.get $tree)
                      (i32.shl (i32x4.extract_lane 3 (local.get $leaf)) (i32.const 2)))))))
            (local.set $tree (i32.add (local.get $tree) (local.get $leafBytes)))
            (br $nextTree)))
        (f32.store
          (i32.add (local.get $out) (i32.shl (local.get $g) (i32.const 4)))
          (f32.demote_f64 (local.get $s0)))
        (f32.store offset=4
          (i32.add (local.get $out) (i32.shl (local.get $g) (i32.const 4)))
          (f32.demote_f64 (local.get $s1)))
        (f32.store offset=8
          (i32.add (local.get $out) (i32.shl (local.get $g) (i32.const 4)))
          (f32.demote_f64 (local.get $s2)))
        (f32.store offset=12
          (i32.add (local.get $out) (i32.shl (local.get $g) (i32.const 4)))
          (f32.demote_f64 (local.get $s3)))
        (local.set $g (i32.add (local.get $g) (i32.const 1)))
        (br $nextGroup)))))
