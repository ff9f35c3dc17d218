;; The js engine's dense products (game/engine/affine.ts) on float64 SIMD, 2 lanes: z = h·W + b,
;; dW = hᵀ·dz and dh = dz·Wᵀ, each one call of `dense` (the last two on a transposed copy); and
;; tanh layers' activation both ways (`tanh_rows`, `tanh_back_sq`), with math.ts's operations.
;; Assembled by `npm run build:affine-kernel` into affine-kernel-bytes.ts; a unit test checks that
;; the committed bytes are this file's.
;;
;; Bit-identical to affine.ts: wasm's f64x2.add and f64x2.mul round each lane exactly as the scalar
;; + and × do (IEEE-754 binary64, never fused), and every output keeps its own accumulator, filled
;; in the order affine.ts states (from the bias or 0, then k ascending). The lanes and tiles only
;; choose which outputs are computed side by side.
;;
;; Memory is the network's arena (imported): pointers are byte offsets, strides count doubles.
(module
  (memory (import "env" "memory") 1)

  ;; o[r, j] = s(r, j), or o[r, j] + s(r, j) when add ≠ 0, for r < rows, j < cols, where
  ;; s(r, j) = init_j + Σ_{k < kc} a[r, k]·b[k, j], k ascending; init_j = bias[j] when bias ≥ 0,
  ;; else 0. Tiles of 2 rows × 4 columns (4 accumulators of 2 lanes), then 2 columns, then 1.
  ;; An odd last row is computed as a pair with itself: both halves load o before either stores,
  ;; so the row is written twice with the same bits, also when adding.
  (func $dense (export "dense")
    (param $a i32) (param $as i32) (param $kc i32) (param $b i32) (param $bs i32) (param $bias i32)
    (param $o i32) (param $os i32) (param $rows i32) (param $cols i32) (param $add i32)
    (local $r i32) (local $j i32) (local $k i32) (local $jb i32)
    (local $asb i32) (local $bsb i32) (local $osb i32)
    (local $a0 i32) (local $da i32) (local $o0 i32) (local $o1 i32) (local $ap i32) (local $bp i32)
    (local $x0 v128) (local $x1 v128) (local $w0 v128) (local $w1 v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $q00 v128) (local $q01 v128) (local $q10 v128) (local $q11 v128)
    (local $s0 f64) (local $s1 f64) (local $u0 f64) (local $u1 f64) (local $wv f64)
    (local.set $asb (i32.shl (local.get $as) (i32.const 3)))
    (local.set $bsb (i32.shl (local.get $bs) (i32.const 3)))
    (local.set $osb (i32.shl (local.get $os) (i32.const 3)))
    (block $rows_done
      (loop $each_row
        (br_if $rows_done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $a0 (i32.add (local.get $a) (i32.mul (local.get $r) (local.get $asb))))
        (local.set $o0 (i32.add (local.get $o) (i32.mul (local.get $r) (local.get $osb))))
        (if (i32.lt_u (i32.add (local.get $r) (i32.const 1)) (local.get $rows))
          (then
            (local.set $da (local.get $asb))
            (local.set $o1 (i32.add (local.get $o0) (local.get $osb))))
          (else
            (local.set $da (i32.const 0))
            (local.set $o1 (local.get $o0))))
        (local.set $j (i32.const 0))
        ;; 4 columns at a time.
        (block $t4_done
          (loop $each_t4
            (br_if $t4_done (i32.gt_u (i32.add (local.get $j) (i32.const 4)) (local.get $cols)))
            (local.set $jb (i32.shl (local.get $j) (i32.const 3)))
            (if (i32.ge_s (local.get $bias) (i32.const 0))
              (then
                (local.set $c00 (v128.load (i32.add (local.get $bias) (local.get $jb))))
                (local.set $c01 (v128.load offset=16 (i32.add (local.get $bias) (local.get $jb)))))
              (else
                (local.set $c00 (v128.const f64x2 0 0))
                (local.set $c01 (v128.const f64x2 0 0))))
            (local.set $c10 (local.get $c00))
            (local.set $c11 (local.get $c01))
            (local.set $ap (local.get $a0))
            (local.set $bp (i32.add (local.get $b) (local.get $jb)))
            (local.set $k (local.get $kc))
            (block $k_done
              (loop $each_k
                (br_if $k_done (i32.eqz (local.get $k)))
                (local.set $w0 (v128.load (local.get $bp)))
                (local.set $w1 (v128.load offset=16 (local.get $bp)))
                (local.set $x0 (f64x2.splat (f64.load (local.get $ap))))
                (local.set $x1 (f64x2.splat (f64.load (i32.add (local.get $ap) (local.get $da)))))
                (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $x0) (local.get $w0))))
                (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $x0) (local.get $w1))))
                (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $x1) (local.get $w0))))
                (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $x1) (local.get $w1))))
                (local.set $ap (i32.add (local.get $ap) (i32.const 8)))
                (local.set $bp (i32.add (local.get $bp) (local.get $bsb)))
                (local.set $k (i32.sub (local.get $k) (i32.const 1)))
                (br $each_k)))
            (if (local.get $add)
              (then
                (local.set $q00 (v128.load (i32.add (local.get $o0) (local.get $jb))))
                (local.set $q01 (v128.load offset=16 (i32.add (local.get $o0) (local.get $jb))))
                (local.set $q10 (v128.load (i32.add (local.get $o1) (local.get $jb))))
                (local.set $q11 (v128.load offset=16 (i32.add (local.get $o1) (local.get $jb))))
                (local.set $c00 (f64x2.add (local.get $q00) (local.get $c00)))
                (local.set $c01 (f64x2.add (local.get $q01) (local.get $c01)))
                (local.set $c10 (f64x2.add (local.get $q10) (local.get $c10)))
                (local.set $c11 (f64x2.add (local.get $q11) (local.get $c11)))))
            (v128.store (i32.add (local.get $o0) (local.get $jb)) (local.get $c00))
            (v128.store offset=16 (i32.add (local.get $o0) (local.get $jb)) (local.get $c01))
            (v128.store (i32.add (local.get $o1) (local.get $jb)) (local.get $c10))
            (v128.store offset=16 (i32.add (local.get $o1) (local.get $jb)) (local.get $c11))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $each_t4)))
        ;; 2 more columns.
        (if (i32.le_u (i32.add (local.get $j) (i32.const 2)) (local.get $cols))
          (then
            (local.set $jb (i32.shl (local.get $j) (i32.const 3)))
            (if (i32.ge_s (local.get $bias) (i32.const 0))
              (then (local.set $c00 (v128.load (i32.add (local.get $bias) (local.get $jb)))))
              (else (local.set $c00 (v128.const f64x2 0 0))))
            (local.set $c10 (local.get $c00))
            (local.set $ap (local.get $a0))
            (local.set $bp (i32.add (local.get $b) (local.get $jb)))
            (local.set $k (local.get $kc))
            (block $k2_done
              (loop $each_k2
                (br_if $k2_done (i32.eqz (local.get $k)))
                (local.set $w0 (v128.load (local.get $bp)))
                (local.set $c00 (f64x2.add (local.get $c00)
                  (f64x2.mul (f64x2.splat (f64.load (local.get $ap))) (local.get $w0))))
                (local.set $c10 (f64x2.add (local.get $c10)
                  (f64x2.mul (f64x2.splat (f64.load (i32.add (local.get $ap) (local.get $da)))) (local.get $w0))))
                (local.set $ap (i32.add (local.get $ap) (i32.const 8)))
                (local.set $bp (i32.add (local.get $bp) (local.get $bsb)))
                (local.set $k (i32.sub (local.get $k) (i32.const 1)))
                (br $each_k2)))
            (if (local.get $add)
              (then
                (local.set $q00 (v128.load (i32.add (local.get $o0) (local.get $jb))))
                (local.set $q10 (v128.load (i32.add (local.get $o1) (local.get $jb))))
                (local.set $c00 (f64x2.add (local.get $q00) (local.get $c00)))
                (local.set $c10 (f64x2.add (local.get $q10) (local.get $c10)))))
            (v128.store (i32.add (local.get $o0) (local.get $jb)) (local.get $c00))
            (v128.store (i32.add (local.get $o1) (local.get $jb)) (local.get $c10))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))))
        ;; The last column of an odd count.
        (if (i32.lt_u (local.get $j) (local.get $cols))
          (then
            (local.set $jb (i32.shl (local.get $j) (i32.const 3)))
            (if (i32.ge_s (local.get $bias) (i32.const 0))
              (then (local.set $s0 (f64.load (i32.add (local.get $bias) (local.get $jb)))))
              (else (local.set $s0 (f64.const 0))))
            (local.set $s1 (local.get $s0))
            (local.set $ap (local.get $a0))
            (local.set $bp (i32.add (local.get $b) (local.get $jb)))
            (local.set $k (local.get $kc))
            (block $k1_done
              (loop $each_k1
                (br_if $k1_done (i32.eqz (local.get $k)))
                (local.set $wv (f64.load (local.get $bp)))
                (local.set $s0 (f64.add (local.get $s0) (f64.mul (f64.load (local.get $ap)) (local.get $wv))))
                (local.set $s1 (f64.add (local.get $s1)
                  (f64.mul (f64.load (i32.add (local.get $ap) (local.get $da))) (local.get $wv))))
                (local.set $ap (i32.add (local.get $ap) (i32.const 8)))
                (local.set $bp (i32.add (local.get $bp) (local.get $bsb)))
                (local.set $k (i32.sub (local.get $k) (i32.const 1)))
                (br $each_k1)))
            (if (local.get $add)
              (then
                (local.set $u0 (f64.load (i32.add (local.get $o0) (local.get $jb))))
                (local.set $u1 (f64.load (i32.add (local.get $o1) (local.get $jb))))
                (local.set $s0 (f64.add (local.get $u0) (local.get $s0)))
                (local.set $s1 (f64.add (local.get $u1) (local.get $s1)))))
            (f64.store (i32.add (local.get $o0) (local.get $jb)) (local.get $s0))
            (f64.store (i32.add (local.get $o1) (local.get $jb)) (local.get $s1))))
        (local.set $r (i32.add (local.get $r) (i32.const 2)))
        (br $each_row))))

  ;; dst[j, r] = src[r, j] for r < rows, j < cols: dst is [cols × rows], src's row stride is ss.
  ;; Copies the 64 bits, so every value (NaN payloads too) is unchanged.
  (func $transpose (export "transpose")
    (param $src i32) (param $ss i32) (param $rows i32) (param $cols i32) (param $dst i32)
    (local $r i32) (local $j i32) (local $sp i32) (local $dp i32) (local $rb i32) (local $ssb i32)
    (local.set $rb (i32.shl (local.get $rows) (i32.const 3)))
    (local.set $ssb (i32.shl (local.get $ss) (i32.const 3)))
    (block $rows_done
      (loop $each_row
        (br_if $rows_done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $sp (i32.add (local.get $src) (i32.mul (local.get $r) (local.get $ssb))))
        (local.set $dp (i32.add (local.get $dst) (i32.shl (local.get $r) (i32.const 3))))
        (local.set $j (local.get $cols))
        (block $cols_done
          (loop $each_col
            (br_if $cols_done (i32.eqz (local.get $j)))
            (i64.store (local.get $dp) (i64.load (local.get $sp)))
            (local.set $sp (i32.add (local.get $sp) (i32.const 8)))
            (local.set $dp (i32.add (local.get $dp) (local.get $rb)))
            (local.set $j (i32.sub (local.get $j) (i32.const 1)))
            (br $each_col)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $each_row))))

  ;; dW = hᵀ·dz, then (when dh ≥ 0) dh = dz·Wᵀ or dh += dz·Wᵀ (add ≠ 0), for an ungrouped product
  ;; of `rows` rows, din → u: kernel-products.ts's four steps (hᵀ into tmp, `dense`, Wᵀ into tmp,
  ;; `dense`) in one call from JavaScript instead of four, so the same bits.
  (func (export "backward")
    (param $h i32) (param $din i32) (param $rows i32) (param $dz i32) (param $u i32)
    (param $w i32) (param $grad i32) (param $dh i32) (param $add i32) (param $tmp i32)
    (call $transpose (local.get $h) (local.get $din) (local.get $rows) (local.get $din) (local.get $tmp))
    (call $dense (local.get $tmp) (local.get $rows) (local.get $rows) (local.get $dz) (local.get $u) (i32.const -1)
      (local.get $grad) (local.get $u) (local.get $din) (local.get $u) (i32.const 0))
    (if (i32.lt_s (local.get $dh) (i32.const 0)) (then (return)))
    (call $transpose (local.get $w) (local.get $u) (local.get $din) (local.get $u) (local.get $tmp))
    (call $dense (local.get $dz) (local.get $u) (local.get $u) (local.get $tmp) (local.get $din) (i32.const -1)
      (local.get $dh) (local.get $din) (local.get $rows) (local.get $din) (local.get $add)))

  ;; a[i] = tanh(z[i]) for i < n, math.ts's tanh lane by lane. Each pair of values takes both of
  ;; math.ts's paths and keeps the one its |z| picks, so no lane waits on a branch:
  ;;   |z| < 0.7:  z − z·y·(675675 + 45045·y + y²·(594 + y))
  ;;                 / (2027025 + 945945·y + y²·(51975 + 630·y + y²)),  y = z²
  ;;   otherwise:  1 − 2/(e + 1) with z's sign, e = exp(min(2|z|, 41)) by exp's fast path (from
  ;;               2|z| = 40 up both give exactly 1, so the cap changes nothing); NaN is kept.
  ;; exp(x): kr = x·64/ln2 + 1.5·2⁵², whose low bits hold k = round(x·64/ln2); kf = kr − 1.5·2⁵²;
  ;; r = x − kf·STEP_HI − kf·STEP_LO; p = r + r²·(½ + r/6) + r⁴·(1/24 + r/120 + r²/720);
  ;; s = 2^(j/64)·2^m, j = k mod 64 from the 64-double table at $table, 2^m = k div 64 built from
  ;; its exponent bits (exact); e = s + s·p. Two pairs interleave, so their divisions overlap.
  ;; The last 1–3 values go through the 4 doubles after the table.
  (func $tanh (param $z i32) (param $a i32) (param $n i32) (param $table i32)
    (local $i i32) (local $zp i32) (local $ap i32) (local $left i32) (local $tmp i32) (local $q i32)
    (local $x_a v128) (local $ax_a v128) (local $y_a v128) (local $y2_a v128) (local $e_a v128) (local $kf_a v128) (local $r_a v128) (local $r2_a v128) (local $k_a v128) (local $j_a v128) (local $t_a v128) (local $v_a v128)
    (local $x_b v128) (local $ax_b v128) (local $y_b v128) (local $y2_b v128) (local $e_b v128) (local $kf_b v128) (local $r_b v128) (local $r2_b v128) (local $k_b v128) (local $j_b v128) (local $t_b v128) (local $v_b v128)
    (local.set $tmp (i32.add (local.get $table) (i32.const 512)))
    (block $done
      (loop $each_t4
        (local.set $left (i32.sub (local.get $n) (local.get $i)))
        (br_if $done (i32.le_s (local.get $left) (i32.const 0)))
        (local.set $zp (i32.add (local.get $z) (i32.shl (local.get $i) (i32.const 3))))
        (local.set $ap (i32.add (local.get $a) (i32.shl (local.get $i) (i32.const 3))))
        (if (i32.lt_s (local.get $left) (i32.const 4))
          (then
            (local.set $q (i32.const 0))
            (loop $copy_in
              (f64.store (i32.add (local.get $tmp) (i32.shl (local.get $q) (i32.const 3)))
                (f64.load (i32.add (local.get $zp) (i32.shl (local.get $q) (i32.const 3)))))
              (local.set $q (i32.add (local.get $q) (i32.const 1)))
              (br_if $copy_in (i32.lt_s (local.get $q) (local.get $left))))
            (local.set $zp (local.get $tmp))))
        (local.set $x_a (v128.load (local.get $zp)))
        (local.set $x_b (v128.load offset=16 (local.get $zp)))
        (local.set $ax_a (f64x2.abs (local.get $x_a)))
        (local.set $ax_b (f64x2.abs (local.get $x_b)))
        (local.set $y_a (f64x2.mul (local.get $x_a) (local.get $x_a)))
        (local.set $y_b (f64x2.mul (local.get $x_b) (local.get $x_b)))
        (local.set $y2_a (f64x2.mul (local.get $y_a) (local.get $y_a)))
        (local.set $y2_b (f64x2.mul (local.get $y_b) (local.get $y_b)))
        (local.set $t_a (f64x2.sub (local.get $x_a) (f64x2.div (f64x2.mul (f64x2.mul (local.get $x_a) (local.get $y_a)) (f64x2.add (f64x2.add (v128.const f64x2 675675 675675) (f64x2.mul (v128.const f64x2 45045 45045) (local.get $y_a))) (f64x2.mul (local.get $y2_a) (f64x2.add (v128.const f64x2 594 594) (local.get $y_a)))))
      (f64x2.add (f64x2.add (v128.const f64x2 2027025 2027025) (f64x2.mul (v128.const f64x2 945945 945945) (local.get $y_a))) (f64x2.mul (local.get $y2_a) (f64x2.add (f64x2.add (v128.const f64x2 51975 51975) (f64x2.mul (v128.const f64x2 630 630) (local.get $y_a))) (local.get $y2_a)))))))
        (local.set $t_b (f64x2.sub (local.get $x_b) (f64x2.div (f64x2.mul (f64x2.mul (local.get $x_b) (local.get $y_b)) (f64x2.add (f64x2.add (v128.const f64x2 675675 675675) (f64x2.mul (v128.const f64x2 45045 45045) (local.get $y_b))) (f64x2.mul (local.get $y2_b) (f64x2.add (v128.const f64x2 594 594) (local.get $y_b)))))
      (f64x2.add (f64x2.add (v128.const f64x2 2027025 2027025) (f64x2.mul (v128.const f64x2 945945 945945) (local.get $y_b))) (f64x2.mul (local.get $y2_b) (f64x2.add (f64x2.add (v128.const f64x2 51975 51975) (f64x2.mul (v128.const f64x2 630 630) (local.get $y_b))) (local.get $y2_b)))))))
        (local.set $e_a (f64x2.pmin (f64x2.mul (v128.const f64x2 2 2) (local.get $ax_a)) (v128.const f64x2 41 41)))
        (local.set $e_b (f64x2.pmin (f64x2.mul (v128.const f64x2 2 2) (local.get $ax_b)) (v128.const f64x2 41 41)))
        (local.set $k_a (f64x2.add (f64x2.mul (local.get $e_a) (v128.const f64x2 92.33248261689366 92.33248261689366)) (v128.const f64x2 6755399441055744 6755399441055744)))
        (local.set $k_b (f64x2.add (f64x2.mul (local.get $e_b) (v128.const f64x2 92.33248261689366 92.33248261689366)) (v128.const f64x2 6755399441055744 6755399441055744)))
        (local.set $kf_a (f64x2.sub (local.get $k_a) (v128.const f64x2 6755399441055744 6755399441055744)))
        (local.set $kf_b (f64x2.sub (local.get $k_b) (v128.const f64x2 6755399441055744 6755399441055744)))
        (local.set $r_a (f64x2.sub (f64x2.sub (local.get $e_a) (f64x2.mul (local.get $kf_a) (v128.const f64x2 0.01083042469326756 0.01083042469326756))) (f64x2.mul (local.get $kf_a) (v128.const f64x2 2.9815858269852933e-12 2.9815858269852933e-12))))
        (local.set $r_b (f64x2.sub (f64x2.sub (local.get $e_b) (f64x2.mul (local.get $kf_b) (v128.const f64x2 0.01083042469326756 0.01083042469326756))) (f64x2.mul (local.get $kf_b) (v128.const f64x2 2.9815858269852933e-12 2.9815858269852933e-12))))
        (local.set $r2_a (f64x2.mul (local.get $r_a) (local.get $r_a)))
        (local.set $r2_b (f64x2.mul (local.get $r_b) (local.get $r_b)))
        (local.set $y_a (f64x2.add (f64x2.add (local.get $r_a) (f64x2.mul (local.get $r2_a) (f64x2.add (v128.const f64x2 0.5 0.5) (f64x2.mul (local.get $r_a) (v128.const f64x2 0.16666666666666666 0.16666666666666666))))) (f64x2.mul (f64x2.mul (local.get $r2_a) (local.get $r2_a)) (f64x2.add (f64x2.add (v128.const f64x2 0.041666666666666664 0.041666666666666664) (f64x2.mul (local.get $r_a) (v128.const f64x2 0.008333333333333333 0.008333333333333333))) (f64x2.mul (local.get $r2_a) (v128.const f64x2 0.001388888888888889 0.001388888888888889))))))
        (local.set $y_b (f64x2.add (f64x2.add (local.get $r_b) (f64x2.mul (local.get $r2_b) (f64x2.add (v128.const f64x2 0.5 0.5) (f64x2.mul (local.get $r_b) (v128.const f64x2 0.16666666666666666 0.16666666666666666))))) (f64x2.mul (f64x2.mul (local.get $r2_b) (local.get $r2_b)) (f64x2.add (f64x2.add (v128.const f64x2 0.041666666666666664 0.041666666666666664) (f64x2.mul (local.get $r_b) (v128.const f64x2 0.008333333333333333 0.008333333333333333))) (f64x2.mul (local.get $r2_b) (v128.const f64x2 0.001388888888888889 0.001388888888888889))))))
        (local.set $j_a (i64x2.shl (v128.and (local.get $k_a) (v128.const i64x2 63 63)) (i32.const 3)))
        (local.set $j_b (i64x2.shl (v128.and (local.get $k_b) (v128.const i64x2 63 63)) (i32.const 3)))
        (local.set $e_a (f64x2.replace_lane 1 (f64x2.splat (f64.load (i32.add (local.get $table) (i32.wrap_i64 (i64x2.extract_lane 0 (local.get $j_a)))))) (f64.load (i32.add (local.get $table) (i32.wrap_i64 (i64x2.extract_lane 1 (local.get $j_a)))))))
        (local.set $e_b (f64x2.replace_lane 1 (f64x2.splat (f64.load (i32.add (local.get $table) (i32.wrap_i64 (i64x2.extract_lane 0 (local.get $j_b)))))) (f64.load (i32.add (local.get $table) (i32.wrap_i64 (i64x2.extract_lane 1 (local.get $j_b)))))))
        (local.set $e_a (f64x2.mul (local.get $e_a) (i64x2.add (i64x2.shl (v128.and (local.get $k_a) (v128.const i64x2 0x7ffffffffffc0 0x7ffffffffffc0)) (i32.const 46)) (v128.const i64x2 0x3ff0000000000000 0x3ff0000000000000))))
        (local.set $e_b (f64x2.mul (local.get $e_b) (i64x2.add (i64x2.shl (v128.and (local.get $k_b) (v128.const i64x2 0x7ffffffffffc0 0x7ffffffffffc0)) (i32.const 46)) (v128.const i64x2 0x3ff0000000000000 0x3ff0000000000000))))
        (local.set $e_a (f64x2.add (local.get $e_a) (f64x2.mul (local.get $e_a) (local.get $y_a))))
        (local.set $e_b (f64x2.add (local.get $e_b) (f64x2.mul (local.get $e_b) (local.get $y_b))))
        (local.set $e_a (f64x2.sub (v128.const f64x2 1 1) (f64x2.div (v128.const f64x2 2 2) (f64x2.add (local.get $e_a) (v128.const f64x2 1 1)))))
        (local.set $e_b (f64x2.sub (v128.const f64x2 1 1) (f64x2.div (v128.const f64x2 2 2) (f64x2.add (local.get $e_b) (v128.const f64x2 1 1)))))
        (local.set $e_a (v128.or (local.get $e_a) (v128.and (local.get $x_a) (v128.const i64x2 0x8000000000000000 0x8000000000000000))))
        (local.set $e_b (v128.or (local.get $e_b) (v128.and (local.get $x_b) (v128.const i64x2 0x8000000000000000 0x8000000000000000))))
        (local.set $e_a (v128.bitselect (local.get $x_a) (local.get $e_a) (f64x2.ne (local.get $x_a) (local.get $x_a))))
        (local.set $e_b (v128.bitselect (local.get $x_b) (local.get $e_b) (f64x2.ne (local.get $x_b) (local.get $x_b))))
        (local.set $v_a (v128.bitselect (local.get $t_a) (local.get $e_a) (f64x2.lt (local.get $ax_a) (v128.const f64x2 0.7 0.7))))
        (local.set $v_b (v128.bitselect (local.get $t_b) (local.get $e_b) (f64x2.lt (local.get $ax_b) (v128.const f64x2 0.7 0.7))))
        (v128.store (select (local.get $tmp) (local.get $ap) (i32.lt_s (local.get $left) (i32.const 4))) (local.get $v_a))
        (v128.store offset=16 (select (local.get $tmp) (local.get $ap) (i32.lt_s (local.get $left) (i32.const 4))) (local.get $v_b))
        (if (i32.lt_s (local.get $left) (i32.const 4))
          (then
            (local.set $q (i32.const 0))
            (loop $copy_out
              (f64.store (i32.add (local.get $ap) (i32.shl (local.get $q) (i32.const 3)))
                (f64.load (i32.add (local.get $tmp) (i32.shl (local.get $q) (i32.const 3)))))
              (local.set $q (i32.add (local.get $q) (i32.const 1)))
              (br_if $copy_out (i32.lt_s (local.get $q) (local.get $left))))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $each_t4))))

  ;; a = tanh(z) for `rows` rows of `u` units (row stride u), and, when slope ≥ 0, the slope tally
  ;; of internals.ts: slope[j] += (1 − a²)·scale, row after row.
  (func (export "tanh_rows")
    (param $z i32) (param $a i32) (param $slope i32) (param $rows i32) (param $u i32) (param $scale f64) (param $table i32)
    (local $r i32) (local $j i32) (local $ap i32) (local $sp i32) (local $sc v128) (local $v v128) (local $s f64)
    (call $tanh (local.get $z) (local.get $a) (i32.mul (local.get $rows) (local.get $u)) (local.get $table))
    (if (i32.lt_s (local.get $slope) (i32.const 0)) (then (return)))
    (local.set $sc (f64x2.splat (local.get $scale)))
    (local.set $ap (local.get $a))
    (block $rows_done
      (loop $each_row
        (br_if $rows_done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $sp (local.get $slope))
        (local.set $j (i32.const 0))
        (block $pairs_done
          (loop $each_pair
            (br_if $pairs_done (i32.gt_u (i32.add (local.get $j) (i32.const 2)) (local.get $u)))
            (local.set $v (v128.load (local.get $ap)))
            (v128.store (local.get $sp) (f64x2.add (v128.load (local.get $sp))
              (f64x2.mul (f64x2.sub (v128.const f64x2 1 1) (f64x2.mul (local.get $v) (local.get $v))) (local.get $sc))))
            (local.set $ap (i32.add (local.get $ap) (i32.const 16)))
            (local.set $sp (i32.add (local.get $sp) (i32.const 16)))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $each_pair)))
        (if (i32.lt_u (local.get $j) (local.get $u))
          (then
            (local.set $s (f64.load (local.get $ap)))
            (f64.store (local.get $sp) (f64.add (f64.load (local.get $sp))
              (f64.mul (f64.sub (f64.const 1) (f64.mul (local.get $s) (local.get $s))) (local.get $scale))))
            (local.set $ap (i32.add (local.get $ap) (i32.const 8)))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $each_row))))

  ;; dz[i] = da[i]·(1 − a[i]²) for i < n (tanh's derivative from its output), returning Σ da[i]²
  ;; summed as sum-sq.ts does: four running sums over i ≡ 0, 1, 2, 3 (mod 4), the tail added to
  ;; sums 0, 1, 2, then ((s0 + s1) + s2) + s3 (activations.ts's activationBackwardSq).
  (func (export "tanh_back_sq") (param $a i32) (param $da i32) (param $dz i32) (param $n i32) (result f64)
    (local $i i32) (local $o i32) (local $s01 v128) (local $s23 v128)
    (local $d0 v128) (local $d1 v128) (local $v0 v128) (local $v1 v128)
    (local $s0 f64) (local $s1 f64) (local $s2 f64) (local $s3 f64) (local $d f64) (local $v f64)
    (block $t4_done
      (loop $each_t4
        (br_if $t4_done (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $n)))
        (local.set $o (i32.shl (local.get $i) (i32.const 3)))
        (local.set $d0 (v128.load (i32.add (local.get $da) (local.get $o))))
        (local.set $d1 (v128.load offset=16 (i32.add (local.get $da) (local.get $o))))
        (local.set $v0 (v128.load (i32.add (local.get $a) (local.get $o))))
        (local.set $v1 (v128.load offset=16 (i32.add (local.get $a) (local.get $o))))
        (local.set $s01 (f64x2.add (local.get $s01) (f64x2.mul (local.get $d0) (local.get $d0))))
        (local.set $s23 (f64x2.add (local.get $s23) (f64x2.mul (local.get $d1) (local.get $d1))))
        (v128.store (i32.add (local.get $dz) (local.get $o))
          (f64x2.mul (local.get $d0) (f64x2.sub (v128.const f64x2 1 1) (f64x2.mul (local.get $v0) (local.get $v0)))))
        (v128.store offset=16 (i32.add (local.get $dz) (local.get $o))
          (f64x2.mul (local.get $d1) (f64x2.sub (v128.const f64x2 1 1) (f64x2.mul (local.get $v1) (local.get $v1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $each_t4)))
    (local.set $s0 (f64x2.extract_lane 0 (local.get $s01)))
    (local.set $s1 (f64x2.extract_lane 1 (local.get $s01)))
    (local.set $s2 (f64x2.extract_lane 0 (local.get $s23)))
    (local.set $s3 (f64x2.extract_lane 1 (local.get $s23)))
    ;; The last 0–3 values, one at a time, into sums 0, 1, 2 in turn.
    (if (i32.lt_u (i32.add (local.get $i) (i32.const 0)) (local.get $n))
      (then
        (local.set $o (i32.shl (i32.add (local.get $i) (i32.const 0)) (i32.const 3)))
        (local.set $d (f64.load (i32.add (local.get $da) (local.get $o))))
        (local.set $v (f64.load (i32.add (local.get $a) (local.get $o))))
        (f64.store (i32.add (local.get $dz) (local.get $o))
          (f64.mul (local.get $d) (f64.sub (f64.const 1) (f64.mul (local.get $v) (local.get $v)))))
        (local.set $s0 (f64.add (local.get $s0) (f64.mul (local.get $d) (local.get $d))))))
    (if (i32.lt_u (i32.add (local.get $i) (i32.const 1)) (local.get $n))
      (then
        (local.set $o (i32.shl (i32.add (local.get $i) (i32.const 1)) (i32.const 3)))
        (local.set $d (f64.load (i32.add (local.get $da) (local.get $o))))
        (local.set $v (f64.load (i32.add (local.get $a) (local.get $o))))
        (f64.store (i32.add (local.get $dz) (local.get $o))
          (f64.mul (local.get $d) (f64.sub (f64.const 1) (f64.mul (local.get $v) (local.get $v)))))
        (local.set $s1 (f64.add (local.get $s1) (f64.mul (local.get $d) (local.get $d))))))
    (if (i32.lt_u (i32.add (local.get $i) (i32.const 2)) (local.get $n))
      (then
        (local.set $o (i32.shl (i32.add (local.get $i) (i32.const 2)) (i32.const 3)))
        (local.set $d (f64.load (i32.add (local.get $da) (local.get $o))))
        (local.set $v (f64.load (i32.add (local.get $a) (local.get $o))))
        (f64.store (i32.add (local.get $dz) (local.get $o))
          (f64.mul (local.get $d) (f64.sub (f64.const 1) (f64.mul (local.get $v) (local.get $v)))))
        (local.set $s2 (f64.add (local.get $s2) (f64.mul (local.get $d) (local.get $d))))))
    (f64.add (f64.add (f64.add (local.get $s0) (local.get $s1)) (local.get $s2)) (local.get $s3))))
