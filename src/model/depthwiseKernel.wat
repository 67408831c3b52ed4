;; Boosted depth-wise trees (complete heaps) for a block of rows, in WebAssembly:
;;   out[i] = bias + Σ over trees t of leaves[t·(nodes + 1) + leaf(t, row i)]
;; where a row starts at node 0 of each tree and node k sends it to 2k + 2 when the row's value
;; in node k's column is strictly above node k's threshold, to 2k + 1 otherwise; after $depth
;; levels it is at node nodes + leaf (nodes = 2^depth − 1). Node k of tree t is an 8-byte record
;; at $nodes + 8·(t·nodes + k): its column's byte offset within a row (i32), then its threshold
;; (f32). Row i's read columns are $rowBytes bytes at $block + i·$rowBytes. The sums run in f64 in
;; $sums (8 bytes a row), tree by tree, each leaf promoted from f32 (the order and rounding of
;; core's scoreDepthwiseRows, so both give the same bits), and are stored as f32 at $out. Every
;; pointer is a byte offset into this module's memory. Rows go four at a time: $rows is a multiple
;; of four, and $block and $sums hold that many.
(module
  (memory (export "memory") 1)
  (func (export "trees")
    (param $rows i32) (param $block i32) (param $rowBytes i32) (param $trees i32)
    (param $depth i32) (param $nodes i32) (param $leaves i32) (param $bias f64)
    (param $sums i32) (param $out i32)
    (local $i i32) (local $t i32) (local $l i32) (local $row i32)
    (local $n0 i32) (local $n1 i32) (local $n2 i32) (local $n3 i32)
    (local $r0 i32) (local $r1 i32) (local $r2 i32) (local $r3 i32)
    (local $record i32) (local $treeNodes i32) (local $treeLeaves i32) (local $perTree i32)
    (local $sum i32)
    (local.set $perTree (i32.sub (i32.shl (i32.const 1) (local.get $depth)) (i32.const 1)))
    ;; every row's sum starts at the bias
    (local.set $i (i32.const 0))
    (block $biasDone
      (loop $nextBias
        (br_if $biasDone (i32.ge_u (local.get $i) (local.get $rows)))
        (f64.store
          (i32.add (local.get $sums) (i32.shl (local.get $i) (i32.const 3)))
          (local.get $bias))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $nextBias)))
    (local.set $treeNodes (local.get $nodes))
    ;; tree t's leaf j sits at $treeLeaves + 4·(perTree + j), so the final node indexes it directly
    (local.set $treeLeaves
      (i32.sub (local.get $leaves) (i32.shl (local.get $perTree) (i32.const 2))))
    (block $treesDone
      (loop $nextTree
        (br_if $treesDone (i32.ge_u (local.get $t) (local.get $trees)))
        (local.set $i (i32.const 0))
        (local.set $row (local.get $block))
        (local.set $sum (local.get $sums))
        ;; four rows at a time, their walks interleaved (four independent chains of loads)
        (block $rowsDone
          (loop $nextRows
            (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $rows)))
            (local.set $r0 (local.get $row))
            (local.set $r1 (i32.add (local.get $r0) (local.get $rowBytes)))
            (local.set $r2 (i32.add (local.get $r1) (local.get $rowBytes)))
            (local.set $r3 (i32.add (local.get $r2) (local.get $rowBytes)))
            (local.set $n0 (i32.const 0))
            (local.set $n1 (i32.const 0))
            (local.set $n2 (i32.const 0))
            (local.set $n3 (i32.const 0))
            (local.set $l (i32.const 0))
            (block $levelsDone
              (loop $nextLevel
                (br_if $levelsDone (i32.ge_u (local.get $l) (local.get $depth)))
                ;; node = 2·node + 1 + (value > threshold), for each of the four rows
                (local.set $n0
                  (i32.add
                    (i32.add (i32.shl (local.get $n0) (i32.const 1)) (i32.const 1))
                    (f32.gt
                      (f32.load
                        (i32.add
                          (local.get $r0)
                          (i32.load (local.tee $record
                            (i32.add (local.get $treeNodes) (i32.shl (local.get $n0) (i32.const 3)))))))
                      (f32.load offset=4 (local.get $record)))))
                (local.set $n1
                  (i32.add
                    (i32.add (i32.shl (local.get $n1) (i32.const 1)) (i32.const 1))
                    (f32.gt
                      (f32.load
                        (i32.add
                          (local.get $r1)
                          (i32.load (local.tee $record
                            (i32.add (local.get $treeNodes) (i32.shl (local.get $n1) (i32.const 3)))))))
                      (f32.load offset=4 (local.get $record)))))
                (local.set $n2
                  (i32.add
                    (i32.add (i32.shl (local.get $n2) (i32.const 1)) (i32.const 1))
                    (f32.gt
                      (f32.load
                        (i32.add
                          (local.get $r2)
                          (i32.load (local.tee $record
                            (i32.add (local.get $treeNodes) (i32.shl (local.get $n2) (i32.const 3)))))))
                      (f32.load offset=4 (local.get $record)))))
                (local.set $n3
                  (i32.add
                    (i32.add (i32.shl (local.get $n3) (i32.const 1)) (i32.const 1))
                    (f32.gt
                      (f32.load
                        (i32.add
                          (local.get $r3)
                          (i32.load (local.tee $record
                            (i32.add (local.get $treeNodes) (i32.shl (local.get $n3) (i32.const 3)))))))
                      (f32.load offset=4 (local.get $record)))))
                (local.set $l (i32.add (local.get $l) (i32.const 1)))
                (br $nextLevel)))
            (f64.store offset=0 (local.get $sum)
              (f64.add
                (f64.load offset=0 (local.get $sum))
                (f64.promote_f32
                  (f32.load
                    (i32.add (local.get $treeLeaves) (i32.shl (local.get $n0) (i32.const 2)))))))
            (f64.store offset=8 (local.get $sum)
              (f64.add
                (f64.load offset=8 (local.get $sum))
                (f64.promote_f32
                  (f32.load
                    (i32.add (local.get $treeLeaves) (i32.shl (local.get $n1) (i32.const 2)))))))
            (f64.store offset=16 (local.get $sum)
              (f64.add
                (f64.load offset=16 (local.get $sum))
                (f64.promote_f32
                  (f32.load
                    (i32.add (local.get $treeLeaves) (i32.shl (local.get $n2) (i32.const 2)))))))
            (f64.store offset=24 (local.get $sum)
              (f64.add
                (f64.load offset=24 (local.get $sum))
                (f64.promote_f32
                  (f32.load
                    (i32.add (local.get $treeLeaves) (i32.shl (local.get $n3) (i32.const 2)))))))
            (local.set $row (i32.add (local.get $row) (i32.shl (local.get $rowBytes) (i32.const 2))))
            (local.set $sum (i32.add (local.get $sum) (i32.const 32)))
            (local.set $i (i32.add (local.get $i) (i32.const 4)))
            (br $nextRows)))
        (local.set $treeNodes
          (i32.add (local.get $treeNodes) (i32.shl (local.get $perTree) (i32.const 3))))
        (local.set $treeLeaves
          (i32.add (local.get $treeLeaves)
            (i32.shl (i32.add (local.get $perTree) (i32.const 1)) (i32.const 2))))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $nextTree)))
    (local.set $i (i32.const 0))
    (block $outDone
      (loop $nextOut
        (br_if $outDone (i32.ge_u (local.get $i) (local.get $rows)))
        (f32.store
          (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 2)))
          (f32.demote_f64
            (f64.load (i32.add (local.get $sums) (i32.shl (local.get $i) (i32.const 3))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $nextOut)))))
