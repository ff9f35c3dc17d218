;; The js engine's dense products (game/engine/affine.ts) on float64 SIMD, 2 lanes: z = h·W + b,
;; dW = hᵀ·dz and dh = dz·Wᵀ, each one call of `dense` (the last two on a transposed copy).
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
  (func (export "dense")
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
  (func (export "transpose")
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
        (br $each_row)))))
