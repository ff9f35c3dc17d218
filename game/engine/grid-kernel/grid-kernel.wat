;; The decision grid's kernels (game/engine/grid-kernel/simd-forward.ts), float32 SIMD, 4 lanes.
;; Assembled by `npm run build:grid-kernel` into grid-kernel-bytes.ts; a unit test checks that the
;; committed bytes are this file's.
;;
;; Forward only, never used for training or scoring: the grid is a picture, so float32 is enough,
;; and wasm's f32x4 add, mul, div, min and max are IEEE-754 exactly rounded (no fused multiply-add),
;; so the picture is the same bits in every engine too.
;;
;; Layout (all byte pointers 16-aligned, all widths padded to a multiple of 4 floats with zeros):
;; a matrix of `rows` rows is row-major with a stride of `stride` floats; rows is a multiple of 4.
(module
  (memory (export "memory") 1)

  ;; z[r, j] = b[j] + Σ_{k < kc} h[r, k]·W[k, j]   for r < rows, j < cols (cols a multiple of 4)
  ;; Sum order: from the bias, k ascending. Tiles of 4 rows × 8 columns (8 accumulators), then
  ;; one 4-column block when cols is not a multiple of 8. W is [kc × zs], b is [zs].
  (func (export "dense")
    (param $h i32) (param $hs i32) (param $kc i32) (param $w i32) (param $b i32)
    (param $z i32) (param $zs i32) (param $rows i32) (param $cols i32)
    (local $r i32) (local $j i32) (local $k i32)
    (local $hsb i32) (local $zsb i32) (local $hr i32) (local $zr i32) (local $hp i32) (local $wp i32) (local $zp i32)
    (local $a0 v128) (local $a1 v128) (local $b0 v128) (local $b1 v128)
    (local $c0 v128) (local $c1 v128) (local $d0 v128) (local $d1 v128)
    (local $w0 v128) (local $w1 v128) (local $x v128)
    (local.set $hsb (i32.shl (local.get $hs) (i32.const 2)))
    (local.set $zsb (i32.shl (local.get $zs) (i32.const 2)))
    (local.set $hr (local.get $h))
    (local.set $zr (local.get $z))
    (block $rows_done
      (loop $each_row
        (br_if $rows_done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $j (i32.const 0))
        (block $tiles_done
          (loop $each_tile
            (br_if $tiles_done (i32.gt_u (i32.add (local.get $j) (i32.const 8)) (local.get $cols)))
            (local.set $a0 (v128.load (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2)))))
            (local.set $a1 (v128.load offset=16 (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2)))))
            (local.set $b0 (local.get $a0)) (local.set $b1 (local.get $a1))
            (local.set $c0 (local.get $a0)) (local.set $c1 (local.get $a1))
            (local.set $d0 (local.get $a0)) (local.set $d1 (local.get $a1))
            (local.set $hp (local.get $hr))
            (local.set $wp (i32.add (local.get $w) (i32.shl (local.get $j) (i32.const 2))))
            (local.set $k (local.get $kc))
            (block $k_done
              (loop $each_k
                (br_if $k_done (i32.eqz (local.get $k)))
                (local.set $w0 (v128.load (local.get $wp)))
                (local.set $w1 (v128.load offset=16 (local.get $wp)))
                (local.set $x (f32x4.splat (f32.load (local.get $hp))))
                (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $x) (local.get $w0))))
                (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $x) (local.get $w1))))
                (local.set $x (f32x4.splat (f32.load (i32.add (local.get $hp) (local.get $hsb)))))
                (local.set $b0 (f32x4.add (local.get $b0) (f32x4.mul (local.get $x) (local.get $w0))))
                (local.set $b1 (f32x4.add (local.get $b1) (f32x4.mul (local.get $x) (local.get $w1))))
                (local.set $x (f32x4.splat (f32.load (i32.add (local.get $hp) (i32.shl (local.get $hsb) (i32.const 1))))))
                (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (local.get $x) (local.get $w0))))
                (local.set $c1 (f32x4.add (local.get $c1) (f32x4.mul (local.get $x) (local.get $w1))))
                (local.set $x (f32x4.splat (f32.load (i32.add (local.get $hp) (i32.mul (local.get $hsb) (i32.const 3))))))
                (local.set $d0 (f32x4.add (local.get $d0) (f32x4.mul (local.get $x) (local.get $w0))))
                (local.set $d1 (f32x4.add (local.get $d1) (f32x4.mul (local.get $x) (local.get $w1))))
                (local.set $hp (i32.add (local.get $hp) (i32.const 4)))
                (local.set $wp (i32.add (local.get $wp) (local.get $zsb)))
                (local.set $k (i32.sub (local.get $k) (i32.const 1)))
                (br $each_k)))
            (local.set $zp (i32.add (local.get $zr) (i32.shl (local.get $j) (i32.const 2))))
            (v128.store (local.get $zp) (local.get $a0))
            (v128.store offset=16 (local.get $zp) (local.get $a1))
            (local.set $zp (i32.add (local.get $zp) (local.get $zsb)))
            (v128.store (local.get $zp) (local.get $b0))
            (v128.store offset=16 (local.get $zp) (local.get $b1))
            (local.set $zp (i32.add (local.get $zp) (local.get $zsb)))
            (v128.store (local.get $zp) (local.get $c0))
            (v128.store offset=16 (local.get $zp) (local.get $c1))
            (local.set $zp (i32.add (local.get $zp) (local.get $zsb)))
            (v128.store (local.get $zp) (local.get $d0))
            (v128.store offset=16 (local.get $zp) (local.get $d1))
            (local.set $j (i32.add (local.get $j) (i32.const 8)))
            (br $each_tile)))
        ;; The last 4 columns when cols is 4 more than a multiple of 8.
        (if (i32.lt_u (local.get $j) (local.get $cols))
          (then
            (local.set $a0 (v128.load (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2)))))
            (local.set $b0 (local.get $a0))
            (local.set $c0 (local.get $a0))
            (local.set $d0 (local.get $a0))
            (local.set $hp (local.get $hr))
            (local.set $wp (i32.add (local.get $w) (i32.shl (local.get $j) (i32.const 2))))
            (local.set $k (local.get $kc))
            (block $k4_done
              (loop $each_k4
                (br_if $k4_done (i32.eqz (local.get $k)))
                (local.set $w0 (v128.load (local.get $wp)))
                (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (f32x4.splat (f32.load (local.get $hp))) (local.get $w0))))
                (local.set $b0 (f32x4.add (local.get $b0)
                  (f32x4.mul (f32x4.splat (f32.load (i32.add (local.get $hp) (local.get $hsb)))) (local.get $w0))))
                (local.set $c0 (f32x4.add (local.get $c0)
                  (f32x4.mul (f32x4.splat (f32.load (i32.add (local.get $hp) (i32.shl (local.get $hsb) (i32.const 1))))) (local.get $w0))))
                (local.set $d0 (f32x4.add (local.get $d0)
                  (f32x4.mul (f32x4.splat (f32.load (i32.add (local.get $hp) (i32.mul (local.get $hsb) (i32.const 3))))) (local.get $w0))))
                (local.set $hp (i32.add (local.get $hp) (i32.const 4)))
                (local.set $wp (i32.add (local.get $wp) (local.get $zsb)))
                (local.set $k (i32.sub (local.get $k) (i32.const 1)))
                (br $each_k4)))
            (local.set $zp (i32.add (local.get $zr) (i32.shl (local.get $j) (i32.const 2))))
            (v128.store (local.get $zp) (local.get $a0))
            (local.set $zp (i32.add (local.get $zp) (local.get $zsb)))
            (v128.store (local.get $zp) (local.get $b0))
            (local.set $zp (i32.add (local.get $zp) (local.get $zsb)))
            (v128.store (local.get $zp) (local.get $c0))
            (local.set $zp (i32.add (local.get $zp) (local.get $zsb)))
            (v128.store (local.get $zp) (local.get $d0))))
        (local.set $r (i32.add (local.get $r) (i32.const 4)))
        (local.set $hr (i32.add (local.get $hr) (i32.shl (local.get $hsb) (i32.const 2))))
        (local.set $zr (i32.add (local.get $zr) (i32.shl (local.get $zsb) (i32.const 2))))
        (br $each_row))))

  ;; a[i] = shift + scale·tanh(inScale·a[i]) for i < n (n a multiple of 4), in place: tanh is
  ;; (1, 1, 0) and σ(x) = ½ + ½·tanh(x/2) is (½, ½, ½) (×1 and +0 are exact). tanh is the odd/even
  ;; rational minimax fit Eigen uses for float, p₁₃(x)/q₆(x) on x clamped to ±7.9053111, and x
  ;; itself below 0.0004. Max error against Math.tanh 3.3e-7, against σ 2.3e-7
  ;; (tests/unit/grid-kernel.test.ts).
  (func $squash_export (export "squash") (param $a i32) (param $n i32) (param $in f32) (param $scale f32) (param $shift f32)
    (local $end i32) (local $v v128) (local $x v128) (local $x2 v128) (local $p v128) (local $q v128)
    (local $inv v128) (local $scalev v128) (local $shiftv v128)
    (local.set $inv (f32x4.splat (local.get $in)))
    (local.set $scalev (f32x4.splat (local.get $scale)))
    (local.set $shiftv (f32x4.splat (local.get $shift)))
    (local.set $end (i32.add (local.get $a) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $a) (local.get $end)))
        (local.set $v (f32x4.mul (v128.load (local.get $a)) (local.get $inv)))
        (local.set $x (f32x4.max (f32x4.min (local.get $v) (v128.const f32x4 7.90531110763549805 7.90531110763549805 7.90531110763549805 7.90531110763549805))
          (v128.const f32x4 -7.90531110763549805 -7.90531110763549805 -7.90531110763549805 -7.90531110763549805)))
        (local.set $x2 (f32x4.mul (local.get $x) (local.get $x)))
        (local.set $p (f32x4.add (f32x4.mul (local.get $x2) (v128.const f32x4 -2.76076847742355e-16 -2.76076847742355e-16 -2.76076847742355e-16 -2.76076847742355e-16))
          (v128.const f32x4 2.00018790482477e-13 2.00018790482477e-13 2.00018790482477e-13 2.00018790482477e-13)))
        (local.set $p (f32x4.add (f32x4.mul (local.get $x2) (local.get $p)) (v128.const f32x4 -8.60467152213735e-11 -8.60467152213735e-11 -8.60467152213735e-11 -8.60467152213735e-11)))
        (local.set $p (f32x4.add (f32x4.mul (local.get $x2) (local.get $p)) (v128.const f32x4 5.12229709037114e-08 5.12229709037114e-08 5.12229709037114e-08 5.12229709037114e-08)))
        (local.set $p (f32x4.add (f32x4.mul (local.get $x2) (local.get $p)) (v128.const f32x4 1.48572235717979e-05 1.48572235717979e-05 1.48572235717979e-05 1.48572235717979e-05)))
        (local.set $p (f32x4.add (f32x4.mul (local.get $x2) (local.get $p)) (v128.const f32x4 6.37261928875436e-04 6.37261928875436e-04 6.37261928875436e-04 6.37261928875436e-04)))
        (local.set $p (f32x4.add (f32x4.mul (local.get $x2) (local.get $p)) (v128.const f32x4 4.89352455891786e-03 4.89352455891786e-03 4.89352455891786e-03 4.89352455891786e-03)))
        (local.set $p (f32x4.mul (local.get $x) (local.get $p)))
        (local.set $q (f32x4.add (f32x4.mul (local.get $x2) (v128.const f32x4 1.19825839466702e-06 1.19825839466702e-06 1.19825839466702e-06 1.19825839466702e-06))
          (v128.const f32x4 1.18534705686654e-04 1.18534705686654e-04 1.18534705686654e-04 1.18534705686654e-04)))
        (local.set $q (f32x4.add (f32x4.mul (local.get $x2) (local.get $q)) (v128.const f32x4 2.26843463243900e-03 2.26843463243900e-03 2.26843463243900e-03 2.26843463243900e-03)))
        (local.set $q (f32x4.add (f32x4.mul (local.get $x2) (local.get $q)) (v128.const f32x4 4.89352518554385e-03 4.89352518554385e-03 4.89352518554385e-03 4.89352518554385e-03)))
        (local.set $p (v128.bitselect (local.get $v) (f32x4.div (local.get $p) (local.get $q))
          (f32x4.lt (f32x4.abs (local.get $v)) (v128.const f32x4 0.0004 0.0004 0.0004 0.0004))))
        (v128.store (local.get $a) (f32x4.add (local.get $shiftv) (f32x4.mul (local.get $scalev) (local.get $p))))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (br $each))))

  ;; Two-class softmax of `rows` rows (a multiple of 4) of logits with stride 4:
  ;; p₁ = σ(l₁ − l₀) = ½ + ½·tanh((l₁ − l₀)/2), p₀ = 1 − p₁, written as [rows × 2] at `out`, where
  ;; `tmp` holds 4 floats per row for the differences. The same σ as `squash`.
  (func (export "softmax2") (param $z i32) (param $rows i32) (param $tmp i32) (param $out i32)
    (local $end i32) (local $d i32) (local $a v128) (local $b v128) (local $p1 v128) (local $p0 v128)
    ;; d[r] = l₁ − l₀, 4 rows per vector: gather lanes 0 and 1 of rows r..r+3.
    (local.set $end (i32.add (local.get $z) (i32.shl (local.get $rows) (i32.const 4))))
    (local.set $d (local.get $tmp))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $z) (local.get $end)))
        (local.set $a (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (v128.load (local.get $z)) (v128.load offset=16 (local.get $z))))
        (local.set $b (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (v128.load offset=32 (local.get $z)) (v128.load offset=48 (local.get $z))))
        (v128.store (local.get $d)
          (f32x4.sub
            (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $a) (local.get $b))
            (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $a) (local.get $b))))
        (local.set $z (i32.add (local.get $z) (i32.const 64)))
        (local.set $d (i32.add (local.get $d) (i32.const 16)))
        (br $each)))
    (call $squash_export (local.get $tmp) (local.get $rows) (f32.const 0.5) (f32.const 0.5) (f32.const 0.5))
    ;; Interleave [p₀, p₁] per row.
    (local.set $end (i32.add (local.get $tmp) (i32.shl (local.get $rows) (i32.const 2))))
    (block $written
      (loop $each_out
        (br_if $written (i32.ge_u (local.get $tmp) (local.get $end)))
        (local.set $p1 (v128.load (local.get $tmp)))
        (local.set $p0 (f32x4.sub (v128.const f32x4 1 1 1 1) (local.get $p1)))
        (v128.store (local.get $out) (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $p0) (local.get $p1)))
        (v128.store offset=16 (local.get $out) (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $p0) (local.get $p1)))
        (local.set $tmp (i32.add (local.get $tmp) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 32)))
        (br $each_out))))

  ;; a[i] = a[i] > 0 ? a[i] : slope·a[i], in place: relu with slope 0, leaky_relu with its slope.
  (func (export "rectify") (param $a i32) (param $n i32) (param $slope f32)
    (local $end i32) (local $v v128) (local $s v128)
    (local.set $s (f32x4.splat (local.get $slope)))
    (local.set $end (i32.add (local.get $a) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $a) (local.get $end)))
        (local.set $v (v128.load (local.get $a)))
        (v128.store (local.get $a)
          (v128.bitselect (local.get $v) (f32x4.mul (local.get $v) (local.get $s))
            (f32x4.gt (local.get $v) (v128.const f32x4 0 0 0 0))))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (br $each))))

  ;; y[i] = y[i] + p[i] (a residual shortcut), in place.
  (func (export "add") (param $y i32) (param $p i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $y) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $y) (local.get $end)))
        (v128.store (local.get $y) (f32x4.add (v128.load (local.get $y)) (v128.load (local.get $p))))
        (local.set $y (i32.add (local.get $y) (i32.const 16)))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $each))))

  ;; f[i] = p[i] + t[i]·(f[i] − p[i]) (a highway's gated mix), in place.
  (func (export "highway") (param $f i32) (param $p i32) (param $t i32) (param $n i32)
    (local $end i32) (local $pv v128)
    (local.set $end (i32.add (local.get $f) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $f) (local.get $end)))
        (local.set $pv (v128.load (local.get $p)))
        (v128.store (local.get $f)
          (f32x4.add (local.get $pv) (f32x4.mul (v128.load (local.get $t)) (f32x4.sub (v128.load (local.get $f)) (local.get $pv)))))
        (local.set $f (i32.add (local.get $f) (i32.const 16)))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (local.set $t (i32.add (local.get $t) (i32.const 16)))
        (br $each)))))
