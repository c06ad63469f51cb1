// A small PNG decoder (8-bit RGB/RGBA, not interlaced: what Chromium's screenshots are) for pixel checks.
import zlib from 'node:zlib';

function paeth(a, b, c) {
  const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

export const PNG = {
  decode(buf) {
    if (buf.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
    let off = 8, width = 0, height = 0, depth = 0, type = 0, interlace = 0;
    const idat = [];
    while (off < buf.length) {
      const len = buf.readUInt32BE(off), kind = buf.toString('ascii', off + 4, off + 8);
      const data = buf.subarray(off + 8, off + 8 + len);
      if (kind === 'IHDR') { width = data.readUInt32BE(0); height = data.readUInt32BE(4); depth = data[8]; type = data[9]; interlace = data[12]; }
      if (kind === 'IDAT') idat.push(data);
      if (kind === 'IEND') break;
      off += 12 + len;
    }
    if (depth !== 8 || (type !== 2 && type !== 6) || interlace) throw new Error(`unsupported PNG: depth ${depth} type ${type}`);
    const bpp = type === 6 ? 4 : 3, stride = width * bpp;
    const raw = zlib.inflateSync(Buffer.concat(idat));
    const px = Buffer.alloc(height * stride);
    for (let y = 0; y < height; ++y) {
      const f = raw[y * (stride + 1)], src = y * (stride + 1) + 1, dst = y * stride;
      for (let x = 0; x < stride; ++x) {
        const a = x >= bpp ? px[dst + x - bpp] : 0, b = y ? px[dst - stride + x] : 0, c = x >= bpp && y ? px[dst - stride + x - bpp] : 0;
        const v = raw[src + x];
        px[dst + x] = (f === 0 ? v : f === 1 ? v + a : f === 2 ? v + b : f === 3 ? v + ((a + b) >> 1) : v + paeth(a, b, c)) & 255;
      }
    }
    return {
      width, height,
      pixel(x, y) { const i = y * stride + x * bpp; return [px[i], px[i + 1], px[i + 2]]; },
    };
  },
};
