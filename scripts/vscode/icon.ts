// Draws images/icon.png (128x128): a white check mark on a Prometheus-orange rounded square. `tsx scripts/vscode/icon.ts`
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { repoRoot } from './processes';

const size = 128;
const samples = 4; // per axis, for smooth edges
const orange = [230, 82, 44];
const white = [255, 255, 255];
const check: Array<[number, number]> = [[34, 66], [56, 88], [96, 42]];
const strokeHalfWidth = 9;
const cornerRadius = 24;

function insideRoundedSquare(x: number, y: number): boolean {
  const dx = Math.max(cornerRadius - x, 0, x - (size - cornerRadius));
  const dy = Math.max(cornerRadius - y, 0, y - (size - cornerRadius));
  return dx * dx + dy * dy <= cornerRadius * cornerRadius;
}

function distanceToSegment(x: number, y: number, [ax, ay]: [number, number], [bx, by]: [number, number]): number {
  const t = Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
  return Math.hypot(x - (ax + t * (bx - ax)), y - (ay + t * (by - ay)));
}

function onCheck(x: number, y: number): boolean {
  return check.slice(1).some((point, i) => distanceToSegment(x, y, check[i], point) <= strokeHalfWidth);
}

/** RGBA of one pixel, averaged over its sub-samples. */
function pixel(px: number, py: number): number[] {
  const sum = [0, 0, 0, 0];
  for (let sy = 0; sy < samples; sy++) {
    for (let sx = 0; sx < samples; sx++) {
      const x = px + (sx + 0.5) / samples;
      const y = py + (sy + 0.5) / samples;
      if (!insideRoundedSquare(x, y)) continue;
      const color = onCheck(x, y) ? white : orange;
      for (let c = 0; c < 3; c++) sum[c] += color[c];
      sum[3] += 255;
    }
  }
  const covered = sum[3] / 255;
  return covered === 0 ? [0, 0, 0, 0] : [...sum.slice(0, 3).map((v) => Math.round(v / covered)), Math.round(sum[3] / samples ** 2)];
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const header = Buffer.alloc(13);
header.writeUInt32BE(size, 0);
header.writeUInt32BE(size, 4);
header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
const rows = Array.from({ length: size }, (_, y) => Buffer.from([0, ...Array.from({ length: size }, (_, x) => pixel(x, y)).flat()]));
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(join(repoRoot, 'images', 'icon.png'), png);
