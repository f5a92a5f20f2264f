/**
 * Renders text (the WeChat login URL) as a QR code SVG for the console, using the QR encoder that
 * ships inside qrcode-terminal (already a dependency for the terminal login), so no new package.
 */
import { createRequire } from 'node:module';

interface QRCodeLike {
  addData(data: string): void;
  make(): void;
  getModuleCount(): number;
  isDark(row: number, col: number): boolean;
}
type QRCodeCtor = new (typeNumber: number, level: number) => QRCodeLike;

const require = createRequire(import.meta.url);
const QRCode = require('qrcode-terminal/vendor/QRCode/index.js') as QRCodeCtor;
const LEVEL_M = 0; // QRErrorCorrectLevel.M

/** An SVG image of `text` as a QR code, with a 4-module quiet zone. */
export function qrSvg(text: string): string {
  const qr = new QRCode(-1, LEVEL_M);
  qr.addData(text);
  qr.make();
  const n = qr.getModuleCount();
  const size = n + 8;
  let path = '';
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (qr.isDark(r, c)) path += `M${c + 4} ${r + 4}h1v1h-1z`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" shape-rendering="crispEdges"><rect width="${size}" height="${size}" fill="#fff"/><path d="${path}" fill="#000"/></svg>`;
}
