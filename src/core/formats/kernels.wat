;; monitor-gate hot loops, WebAssembly with 128-bit SIMD. Compiled by scripts/build-kernels.ts into
;; kernels-wasm.ts (base64); test/kernels.test.ts checks that file against this source and every
;; kernel against its typed-array reference, bit for bit.
;;
;; Pointers are byte offsets into the imported memory, which the caller sizes (memory.grow) before a
;; stream starts and never during one. Every kernel gives exactly the bits of the scalar reference:
;; conversions are exact, and floating-point sums keep the reference's order (lanes run across
;; independent accumulators, never across the terms of one sum).
(module
  ;; not shared: onnxruntime takes views of this memory directly (it refuses SharedArrayBuffer views)
  (import "env" "memory" (memory 1 65536))

  ;; ---- bfloat16 -> float32, returns the index of the first Inf/NaN or -1 ----
  (func (export "bf16_f32") (param $src i32) (param $dst i32) (param $n i32) (result i32)
    (local $i i32) (local $v v128) (local $bad v128) (local $end8 i32) (local $h i32)
    (local.set $end8 (i32.and (local.get $n) (i32.const -8)))
    (block $done
      (loop $body
        (br_if $done (i32.ge_u (local.get $i) (local.get $end8)))
        (local.set $v (v128.load (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 1)))))
        (local.set $bad (v128.or (local.get $bad)
          (i16x8.eq (v128.and (local.get $v) (v128.const i16x8 0x7f80 0x7f80 0x7f80 0x7f80 0x7f80 0x7f80 0x7f80 0x7f80))
                    (v128.const i16x8 0x7f80 0x7f80 0x7f80 0x7f80 0x7f80 0x7f80 0x7f80 0x7f80))))
        (v128.store (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 2)))
          (i32x4.shl (i32x4.extend_low_i16x8_u (local.get $v)) (i32.const 16)))
        (v128.store offset=16 (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 2)))
          (i32x4.shl (i32x4.extend_high_i16x8_u (local.get $v)) (i32.const 16)))
        (local.set $i (i32.add (local.get $i) (i32.const 8)))
        (br $body)))
    (block $tail_done
      (loop $tail
        (br_if $tail_done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $h (i32.load16_u (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 1)))))
        (i32.store (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 2))) (i32.shl (local.get $h) (i32.const 16)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $tail)))
    (call $first_bad16 (local.get $src) (local.get $n) (i32.const 0x7f80) (v128.any_true (local.get $bad))))

  ;; ---- float16 -> float32 (exact, subnormals included), returns the first Inf/NaN or -1 ----
  (func $f16x4 (param $x v128) (result v128)
    (local $sign v128) (local $inf v128)
    (local.set $sign (i32x4.shl (v128.and (local.get $x) (v128.const i32x4 0x8000 0x8000 0x8000 0x8000)) (i32.const 16)))
    (local.set $inf (i32x4.eq (v128.and (local.get $x) (v128.const i32x4 0x7c00 0x7c00 0x7c00 0x7c00))
                              (v128.const i32x4 0x7c00 0x7c00 0x7c00 0x7c00)))
    ;; exponent and mantissa moved into float32 position, then scaled by 2^112: exact for normals and subnormals
    (v128.bitselect
      (v128.or (local.get $sign)
        (v128.or (v128.const i32x4 0x7f800000 0x7f800000 0x7f800000 0x7f800000)
          (i32x4.shl (v128.and (local.get $x) (v128.const i32x4 0x3ff 0x3ff 0x3ff 0x3ff)) (i32.const 13))))
      (v128.or (local.get $sign)
        (f32x4.mul (i32x4.shl (v128.and (local.get $x) (v128.const i32x4 0x7fff 0x7fff 0x7fff 0x7fff)) (i32.const 13))
                   (v128.const f32x4 0x1p112 0x1p112 0x1p112 0x1p112)))
      (local.get $inf)))
  (func (export "f16_f32") (param $src i32) (param $dst i32) (param $n i32) (result i32)
    (local $i i32) (local $v v128) (local $bad v128) (local $end8 i32) (local $o i32)
    (local.set $end8 (i32.and (local.get $n) (i32.const -8)))
    (block $done
      (loop $body
        (br_if $done (i32.ge_u (local.get $i) (local.get $end8)))
        (local.set $v (v128.load (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 1)))))
        (local.set $bad (v128.or (local.get $bad)
          (i16x8.eq (v128.and (local.get $v) (v128.const i16x8 0x7c00 0x7c00 0x7c00 0x7c00 0x7c00 0x7c00 0x7c00 0x7c00))
                    (v128.const i16x8 0x7c00 0x7c00 0x7c00 0x7c00 0x7c00 0x7c00 0x7c00 0x7c00))))
        (local.set $o (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 2))))
        (v128.store (local.get $o) (call $f16x4 (i32x4.extend_low_i16x8_u (local.get $v))))
        (v128.store offset=16 (local.get $o) (call $f16x4 (i32x4.extend_high_i16x8_u (local.get $v))))
        (local.set $i (i32.add (local.get $i) (i32.const 8)))
        (br $body)))
    (block $tail_done
      (loop $tail
        (br_if $tail_done (i32.ge_u (local.get $i) (local.get $n)))
        (f32.store (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 2)))
          (f32x4.extract_lane 0 (call $f16x4 (i32x4.splat
            (i32.load16_u (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 1))))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $tail)))
    (call $first_bad16 (local.get $src) (local.get $n) (i32.const 0x7c00) (v128.any_true (local.get $bad))))

  ;; first i < n with (src16[i] & mask) == mask, scanned only when the vector pass saw one (or for the tail)
  (func $first_bad16 (param $src i32) (param $n i32) (param $mask i32) (param $seen i32) (result i32)
    (local $i i32)
    (if (i32.eqz (local.get $seen)) (then (local.set $i (i32.and (local.get $n) (i32.const -8)))))
    (block $done
      (loop $scan
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (if (i32.eq (i32.and (i32.load16_u (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 1)))) (local.get $mask)) (local.get $mask))
          (then (return (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $scan)))
    (i32.const -1))

  ;; ---- float32 copy with the finite check ----
  (func (export "f32_f32") (param $src i32) (param $dst i32) (param $n i32) (result i32)
    (local $i i32) (local $v v128) (local $bad v128) (local $end4 i32) (local $u i32)
    (local.set $end4 (i32.and (local.get $n) (i32.const -4)))
    (block $done
      (loop $body
        (br_if $done (i32.ge_u (local.get $i) (local.get $end4)))
        (local.set $v (v128.load (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $bad (v128.or (local.get $bad)
          (i32x4.eq (v128.and (local.get $v) (v128.const i32x4 0x7f800000 0x7f800000 0x7f800000 0x7f800000))
                    (v128.const i32x4 0x7f800000 0x7f800000 0x7f800000 0x7f800000))))
        (v128.store (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 2))) (local.get $v))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $body)))
    (block $tail_done
      (loop $tail
        (br_if $tail_done (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 2)))
          (i32.load (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $tail)))
    (local.set $i (select (i32.const 0) (local.get $end4) (v128.any_true (local.get $bad))))
    (block $found
      (loop $scan
        (br_if $found (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $u (i32.load (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 2)))))
        (if (i32.eq (i32.and (local.get $u) (i32.const 0x7f800000)) (i32.const 0x7f800000)) (then (return (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $scan)))
    (i32.const -1))

  ;; ---- paired first and second moments (activation drift) ----
  ;; For each listed row r (i32 row numbers at $rows, rows of $D float32 at $xb / $xu) and each d in order:
  ;;   b = xb[r][d] - K[d];  sumB[d] += b;  sq += b * b;  sumU[d] += xu[r][d] - K[d]
  ;; in float64, and returns sq (from 0). K, sumB, sumU are float64 [D].
  (func (export "moments") (param $xb i32) (param $xu i32) (param $rows i32) (param $count i32) (param $D i32)
                           (param $K i32) (param $sumB i32) (param $sumU i32) (result f64)
    (local $k i32) (local $d i32) (local $rb i32) (local $ru i32) (local $end2 i32) (local $o i32)
    (local $b v128) (local $bb v128) (local $sq f64) (local $bs f64)
    (local.set $end2 (i32.and (local.get $D) (i32.const -2)))
    (block $rows_done
      (loop $row
        (br_if $rows_done (i32.ge_u (local.get $k) (local.get $count)))
        (local.set $rb (i32.add (local.get $xb)
          (i32.mul (i32.load (i32.add (local.get $rows) (i32.shl (local.get $k) (i32.const 2)))) (i32.shl (local.get $D) (i32.const 2)))))
        (local.set $ru (i32.add (local.get $xu)
          (i32.mul (i32.load (i32.add (local.get $rows) (i32.shl (local.get $k) (i32.const 2)))) (i32.shl (local.get $D) (i32.const 2)))))
        (local.set $d (i32.const 0))
        (block $pairs_done
          (loop $pair
            (br_if $pairs_done (i32.ge_u (local.get $d) (local.get $end2)))
            (local.set $o (i32.shl (local.get $d) (i32.const 3)))
            (local.set $b (f64x2.sub
              (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $rb) (i32.shl (local.get $d) (i32.const 2)))))
              (v128.load (i32.add (local.get $K) (local.get $o)))))
            (v128.store (i32.add (local.get $sumB) (local.get $o)) (f64x2.add (v128.load (i32.add (local.get $sumB) (local.get $o))) (local.get $b)))
            (local.set $bb (f64x2.mul (local.get $b) (local.get $b)))
            (local.set $sq (f64.add (f64.add (local.get $sq) (f64x2.extract_lane 0 (local.get $bb))) (f64x2.extract_lane 1 (local.get $bb))))
            (v128.store (i32.add (local.get $sumU) (local.get $o))
              (f64x2.add (v128.load (i32.add (local.get $sumU) (local.get $o)))
                (f64x2.sub
                  (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $ru) (i32.shl (local.get $d) (i32.const 2)))))
                  (v128.load (i32.add (local.get $K) (local.get $o))))))
            (local.set $d (i32.add (local.get $d) (i32.const 2)))
            (br $pair)))
        (if (i32.lt_u (local.get $d) (local.get $D))
          (then
            (local.set $o (i32.shl (local.get $d) (i32.const 3)))
            (local.set $bs (f64.sub (f64.promote_f32 (f32.load (i32.add (local.get $rb) (i32.shl (local.get $d) (i32.const 2)))))
                                    (f64.load (i32.add (local.get $K) (local.get $o)))))
            (f64.store (i32.add (local.get $sumB) (local.get $o)) (f64.add (f64.load (i32.add (local.get $sumB) (local.get $o))) (local.get $bs)))
            (local.set $sq (f64.add (local.get $sq) (f64.mul (local.get $bs) (local.get $bs))))
            (f64.store (i32.add (local.get $sumU) (local.get $o))
              (f64.add (f64.load (i32.add (local.get $sumU) (local.get $o)))
                (f64.sub (f64.promote_f32 (f32.load (i32.add (local.get $ru) (i32.shl (local.get $d) (i32.const 2)))))
                         (f64.load (i32.add (local.get $K) (local.get $o))))))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $row)))
    (local.get $sq))

  ;; ---- projections onto many directions at once ----
  ;; out[k][j] = sum over d in order of float64(x[rows[k]][d]) * W[d][j], j < 8 * $blocks, in float64.
  ;; W is float64 [D][8 * blocks]; out is float64 [count][8 * blocks]. Two rows at a time, eight
  ;; directions per block, each accumulator its own lane: the sums keep the scalar order.
  (func (export "project") (param $x i32) (param $rows i32) (param $count i32) (param $D i32)
                           (param $W i32) (param $blocks i32) (param $out i32)
    (local $k i32) (local $blk i32) (local $d i32) (local $r0 i32) (local $r1 i32) (local $w i32) (local $stride i32)
    (local $x0 v128) (local $x1 v128) (local $w0 v128) (local $w1 v128) (local $w2 v128) (local $w3 v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128) (local $o i32) (local $next i32)
    ;; bytes per row of W and of out
    (local.set $stride (i32.shl (local.get $blocks) (i32.const 6)))
    (block $rows_done
      (loop $row
        (br_if $rows_done (i32.ge_u (local.get $k) (local.get $count)))
        (local.set $next (select (i32.add (local.get $k) (i32.const 1)) (local.get $k)
          (i32.lt_u (i32.add (local.get $k) (i32.const 1)) (local.get $count))))
        (local.set $r0 (i32.add (local.get $x)
          (i32.mul (i32.load (i32.add (local.get $rows) (i32.shl (local.get $k) (i32.const 2)))) (i32.shl (local.get $D) (i32.const 2)))))
        (local.set $r1 (i32.add (local.get $x)
          (i32.mul (i32.load (i32.add (local.get $rows) (i32.shl (local.get $next) (i32.const 2)))) (i32.shl (local.get $D) (i32.const 2)))))
        (local.set $blk (i32.const 0))
        (block $blocks_done
          (loop $block
            (br_if $blocks_done (i32.ge_u (local.get $blk) (local.get $blocks)))
            (local.set $a0 (v128.const i64x2 0 0)) (local.set $a1 (v128.const i64x2 0 0))
            (local.set $a2 (v128.const i64x2 0 0)) (local.set $a3 (v128.const i64x2 0 0))
            (local.set $c0 (v128.const i64x2 0 0)) (local.set $c1 (v128.const i64x2 0 0))
            (local.set $c2 (v128.const i64x2 0 0)) (local.set $c3 (v128.const i64x2 0 0))
            (local.set $w (i32.add (local.get $W) (i32.shl (local.get $blk) (i32.const 6))))
            (local.set $d (i32.const 0))
            (block $d_done
              (loop $dim
                (br_if $d_done (i32.ge_u (local.get $d) (local.get $D)))
                (local.set $x0 (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $r0) (i32.shl (local.get $d) (i32.const 2)))))))
                (local.set $x1 (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $r1) (i32.shl (local.get $d) (i32.const 2)))))))
                (local.set $w0 (v128.load (local.get $w)))
                (local.set $w1 (v128.load offset=16 (local.get $w)))
                (local.set $w2 (v128.load offset=32 (local.get $w)))
                (local.set $w3 (v128.load offset=48 (local.get $w)))
                (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (local.get $x0) (local.get $w0))))
                (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (local.get $x0) (local.get $w1))))
                (local.set $a2 (f64x2.add (local.get $a2) (f64x2.mul (local.get $x0) (local.get $w2))))
                (local.set $a3 (f64x2.add (local.get $a3) (f64x2.mul (local.get $x0) (local.get $w3))))
                (local.set $c0 (f64x2.add (local.get $c0) (f64x2.mul (local.get $x1) (local.get $w0))))
                (local.set $c1 (f64x2.add (local.get $c1) (f64x2.mul (local.get $x1) (local.get $w1))))
                (local.set $c2 (f64x2.add (local.get $c2) (f64x2.mul (local.get $x1) (local.get $w2))))
                (local.set $c3 (f64x2.add (local.get $c3) (f64x2.mul (local.get $x1) (local.get $w3))))
                (local.set $w (i32.add (local.get $w) (local.get $stride)))
                (local.set $d (i32.add (local.get $d) (i32.const 1)))
                (br $dim)))
            (local.set $o (i32.add (i32.add (local.get $out) (i32.mul (local.get $k) (local.get $stride))) (i32.shl (local.get $blk) (i32.const 6))))
            (v128.store (local.get $o) (local.get $a0))
            (v128.store offset=16 (local.get $o) (local.get $a1))
            (v128.store offset=32 (local.get $o) (local.get $a2))
            (v128.store offset=48 (local.get $o) (local.get $a3))
            (local.set $o (i32.add (i32.add (local.get $out) (i32.mul (local.get $next) (local.get $stride))) (i32.shl (local.get $blk) (i32.const 6))))
            (v128.store (local.get $o) (local.get $c0))
            (v128.store offset=16 (local.get $o) (local.get $c1))
            (v128.store offset=32 (local.get $o) (local.get $c2))
            (v128.store offset=48 (local.get $o) (local.get $c3))
            (local.set $blk (i32.add (local.get $blk) (i32.const 1)))
            (br $block)))
        (local.set $k (i32.add (local.get $k) (i32.const 2)))
        (br $row))))
  ;; ---- the same for at most four directions: four rows at a time, W float64 [D][4], out [count][4] ----
  (func (export "project4") (param $x i32) (param $rows i32) (param $count i32) (param $D i32) (param $W i32) (param $out i32)
    (local $k i32) (local $d i32) (local $w i32) (local $last i32)
    (local $r0 i32) (local $r1 i32) (local $r2 i32) (local $r3 i32) (local $rowBytes i32)
    (local $w0 v128) (local $w1 v128) (local $xv v128)
    (local $a0 v128) (local $a1 v128) (local $b0 v128) (local $b1 v128)
    (local $c0 v128) (local $c1 v128) (local $e0 v128) (local $e1 v128)
    (local.set $rowBytes (i32.shl (local.get $D) (i32.const 2)))
    (local.set $last (i32.sub (local.get $count) (i32.const 1)))
    (block $rows_done
      (loop $row
        (br_if $rows_done (i32.ge_s (local.get $k) (local.get $count)))
        (local.set $r0 (i32.add (local.get $x) (i32.mul (local.get $rowBytes)
          (i32.load (i32.add (local.get $rows) (i32.shl (local.get $k) (i32.const 2)))))))
        (local.set $r1 (i32.add (local.get $x) (i32.mul (local.get $rowBytes)
          (i32.load (i32.add (local.get $rows) (i32.shl (call $min (i32.add (local.get $k) (i32.const 1)) (local.get $last)) (i32.const 2)))))))
        (local.set $r2 (i32.add (local.get $x) (i32.mul (local.get $rowBytes)
          (i32.load (i32.add (local.get $rows) (i32.shl (call $min (i32.add (local.get $k) (i32.const 2)) (local.get $last)) (i32.const 2)))))))
        (local.set $r3 (i32.add (local.get $x) (i32.mul (local.get $rowBytes)
          (i32.load (i32.add (local.get $rows) (i32.shl (call $min (i32.add (local.get $k) (i32.const 3)) (local.get $last)) (i32.const 2)))))))
        (local.set $a0 (v128.const i64x2 0 0)) (local.set $a1 (v128.const i64x2 0 0))
        (local.set $b0 (v128.const i64x2 0 0)) (local.set $b1 (v128.const i64x2 0 0))
        (local.set $c0 (v128.const i64x2 0 0)) (local.set $c1 (v128.const i64x2 0 0))
        (local.set $e0 (v128.const i64x2 0 0)) (local.set $e1 (v128.const i64x2 0 0))
        (local.set $w (local.get $W))
        (local.set $d (i32.const 0))
        (block $d_done
          (loop $dim
            (br_if $d_done (i32.ge_u (local.get $d) (local.get $D)))
            (local.set $w0 (v128.load (local.get $w)))
            (local.set $w1 (v128.load offset=16 (local.get $w)))
            (local.set $xv (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $r0) (i32.shl (local.get $d) (i32.const 2)))))))
            (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (local.get $xv) (local.get $w0))))
            (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (local.get $xv) (local.get $w1))))
            (local.set $xv (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $r1) (i32.shl (local.get $d) (i32.const 2)))))))
            (local.set $b0 (f64x2.add (local.get $b0) (f64x2.mul (local.get $xv) (local.get $w0))))
            (local.set $b1 (f64x2.add (local.get $b1) (f64x2.mul (local.get $xv) (local.get $w1))))
            (local.set $xv (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $r2) (i32.shl (local.get $d) (i32.const 2)))))))
            (local.set $c0 (f64x2.add (local.get $c0) (f64x2.mul (local.get $xv) (local.get $w0))))
            (local.set $c1 (f64x2.add (local.get $c1) (f64x2.mul (local.get $xv) (local.get $w1))))
            (local.set $xv (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $r3) (i32.shl (local.get $d) (i32.const 2)))))))
            (local.set $e0 (f64x2.add (local.get $e0) (f64x2.mul (local.get $xv) (local.get $w0))))
            (local.set $e1 (f64x2.add (local.get $e1) (f64x2.mul (local.get $xv) (local.get $w1))))
            (local.set $w (i32.add (local.get $w) (i32.const 32)))
            (local.set $d (i32.add (local.get $d) (i32.const 1)))
            (br $dim)))
        (call $store4 (local.get $out) (local.get $k) (local.get $last) (i32.const 0) (local.get $a0) (local.get $a1))
        (call $store4 (local.get $out) (local.get $k) (local.get $last) (i32.const 1) (local.get $b0) (local.get $b1))
        (call $store4 (local.get $out) (local.get $k) (local.get $last) (i32.const 2) (local.get $c0) (local.get $c1))
        (call $store4 (local.get $out) (local.get $k) (local.get $last) (i32.const 3) (local.get $e0) (local.get $e1))
        (local.set $k (i32.add (local.get $k) (i32.const 4)))
        (br $row))))

  (func $min (param $a i32) (param $b i32) (result i32)
    (select (local.get $a) (local.get $b) (i32.lt_s (local.get $a) (local.get $b))))

  ;; out[k + i] = [lo, hi] for i = 0..3, skipping rows past the last
  (func $store4 (param $out i32) (param $k i32) (param $last i32) (param $i i32) (param $lo v128) (param $hi v128)
    (local $o i32)
    (if (i32.le_s (i32.add (local.get $k) (local.get $i)) (local.get $last))
      (then
        (local.set $o (i32.add (local.get $out) (i32.shl (i32.add (local.get $k) (local.get $i)) (i32.const 5))))
        (v128.store (local.get $o) (local.get $lo))
        (v128.store offset=16 (local.get $o) (local.get $hi)))))
)
