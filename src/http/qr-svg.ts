/**
 * Renders text (the WeChat login URL) as a QR code SVG for the console, with the `qrcode`
 * package's encoder (its public `create()`), drawn as one path so the console can inline it.
 */
import QRCode from 'qrcode';

/** An SVG image of `text` as a QR code (error correction M), with a 4-module quiet zone. */
export function qrSvg(text: string): string {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = modules.size;
  const size = n + 8;
  let path = '';
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (modules.get(r, c)) path += `M${c + 4} ${r + 4}h1v1h-1z`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" shape-rendering="crispEdges"><rect width="${size}" height="${size}" fill="#fff"/><path d="${path}" fill="#000"/></svg>`;
}
