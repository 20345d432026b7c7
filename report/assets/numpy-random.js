// numpy's default random generator in the browser: numpy.random.default_rng(seed) (PCG64
// seeded through SeedSequence) and its Generator.integers(0, n), draw for draw. The explorer
// uses it so that its bootstrap resamples are the very ones aigrowth.trends draws, and the
// interval it shows is the package's. Written from numpy's algorithms (SeedSequence in
// numpy/random/bit_generator.pyx, PCG64 in numpy/random/src/pcg64, Lemire's bounded integers in
// numpy/random/src/distributions); tests/test_explorer.py checks it against numpy itself.
(function (global) {
  "use strict";
  var M32 = 0xFFFFFFFF;
  var MASK64 = (1n << 64n) - 1n;
  var MASK128 = (1n << 128n) - 1n;
  var MULT = (2549297995355413924n << 64n) + 4865540595714422341n;

  function mul32(a, b) { return Math.imul(a, b) >>> 0; }

  // SeedSequence(entropy).generate_state(4, uint64) for a non-negative integer entropy.
  function seedState(entropy) {
    var INIT_A = 0x43b0d7e5, MULT_A = 0x931e8875, INIT_B = 0x8b51f9dd, MULT_B = 0x58f38ded;
    var MIX_L = 0xca01f9dd, MIX_R = 0x4973f715, POOL = 4;
    var words = [];
    var value = BigInt(entropy);
    do { words.push(Number(value & 0xFFFFFFFFn)); value >>= 32n; } while (value > 0n);
    var hashConst = INIT_A;
    function hashmix(v) {
      v = (v ^ hashConst) >>> 0;
      hashConst = mul32(hashConst, MULT_A);
      v = mul32(v, hashConst);
      return (v ^ (v >>> 16)) >>> 0;
    }
    function mix(x, y) {
      var r = (mul32(MIX_L, x) - mul32(MIX_R, y)) >>> 0;
      return (r ^ (r >>> 16)) >>> 0;
    }
    var pool = [];
    for (var i = 0; i < POOL; i++) pool.push(hashmix(i < words.length ? words[i] : 0));
    for (var s = 0; s < POOL; s++) {
      for (var d = 0; d < POOL; d++) if (s !== d) pool[d] = mix(pool[d], hashmix(pool[s]));
    }
    for (var extra = POOL; extra < words.length; extra++) {
      for (var dd = 0; dd < POOL; dd++) pool[dd] = mix(pool[dd], hashmix(words[extra]));
    }
    var out32 = [], hash = INIT_B;
    for (var w = 0; w < 8; w++) {
      var v = (pool[w % POOL] ^ hash) >>> 0;
      hash = mul32(hash, MULT_B);
      v = mul32(v, hash);
      out32.push((v ^ (v >>> 16)) >>> 0);
    }
    var out64 = [];
    for (var k = 0; k < 4; k++) out64.push((BigInt(out32[2 * k + 1]) << 32n) | BigInt(out32[2 * k]));
    return out64;
  }

  function Generator(seed) {
    var words = seedState(seed);
    var initState = (words[0] << 64n) | words[1];
    var initSeq = (words[2] << 64n) | words[3];
    this.inc = ((initSeq << 1n) | 1n) & MASK128;
    this.state = 0n;
    this.step();
    this.state = (this.state + initState) & MASK128;
    this.step();
    this.hasUint32 = false;
    this.uinteger = 0;
  }
  Generator.prototype.step = function () { this.state = (this.state * MULT + this.inc) & MASK128; };
  Generator.prototype.next64 = function () {
    this.step();
    var hi = this.state >> 64n, lo = this.state & MASK64;
    var x = hi ^ lo, rot = Number(this.state >> 122n);
    return ((x >> BigInt(rot)) | (x << BigInt((64 - rot) & 63))) & MASK64;
  };
  Generator.prototype.next32 = function () {
    if (this.hasUint32) { this.hasUint32 = false; return this.uinteger; }
    var next = this.next64();
    this.hasUint32 = true;
    this.uinteger = Number(next >> 32n);
    return Number(next & 0xFFFFFFFFn);
  };
  // The product of a 32-bit draw and n (below 2**32) as its high and low 32 bits, exactly
  // (the product itself can exceed 2**53).
  function product(draw, n) {
    var hi = Math.floor(draw / 65536), lo = draw % 65536;
    var p1 = lo * n, p2 = hi * n; // each below 2**48
    var low = p1 + (p2 % 65536) * 65536;
    return { high: Math.floor(p2 / 65536) + Math.floor(low / 4294967296), low: low % 4294967296 };
  }

  // Generator.integers(0, n) for 1 <= n <= 2**32: Lemire's method on 32-bit draws.
  Generator.prototype.below = function (n) {
    var rng = n - 1;
    if (rng === 0) return 0;
    if (rng === M32) return this.next32();
    var p = product(this.next32(), n);
    if (p.low < n) {
      var threshold = (M32 - rng) % n;
      while (p.low < threshold) p = product(this.next32(), n);
    }
    return p.high;
  };

  global.NumpyRandom = { Generator: Generator, seedState: seedState };
})(typeof window !== "undefined" ? window : globalThis);
