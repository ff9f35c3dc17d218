'use client';
/**
 * Draws a 2-D classification: an optional decision-boundary grid (one class index per cell,
 * row-major from the top) shaded in class colours, and the points coloured by their class.
 * Canvas, redrawn when the inputs change; no React state.
 */
import { useEffect, useRef } from 'react';
import type { PlotDomain } from '../../../game/tasks/catalog';
import { classRgb } from '../../lib/format';

export interface BoundaryGrid {
  size: number;
  /** size × size class indices, row-major, row 0 at yMin (game/grid's layout). */
  classes: Uint8Array;
  /** Optional, same layout: the most likely class's probability × 255 (shades the undiscretized view). */
  confidence?: Uint8Array;
}

export interface BoundaryCanvasProps {
  domain: PlotDomain;
  points: { x: Float32Array; y: Int32Array } | null;
  grid?: BoundaryGrid | null;
  label: string;
  testId?: string;
  pixels?: number;
  /** False shades each cell by its confidence (needs `grid.confidence`); true (default) draws flat class regions. */
  discrete?: boolean;
}

export function BoundaryCanvas({ domain, points, grid, label, testId, pixels = 360, discrete = true }: BoundaryCanvasProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = ref.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    ctx.fillStyle = '#05070f';
    ctx.fillRect(0, 0, pixels, pixels);
    if (grid) {
      const img = ctx.createImageData(grid.size, grid.size);
      for (let i = 0; i < grid.classes.length; i++) {
        // game/grid puts row 0 at yMin; a canvas puts row 0 at the top, so flip the rows.
        const row = grid.size - 1 - Math.floor(i / grid.size);
        const cell = row * grid.size + (i % grid.size);
        const [r, g, b] = classRgb(grid.classes[cell]);
        // Darken the region colour so the points stay readable on top; undiscretized, an unsure
        // cell (probability near 1/2 for 2 classes) fades to the background.
        const k = !discrete && grid.confidence ? 0.04 + 0.46 * Math.max(0, (grid.confidence[cell] / 255 - 0.5) * 2) : 0.35;
        img.data[i * 4] = r * k;
        img.data[i * 4 + 1] = g * k;
        img.data[i * 4 + 2] = b * k;
        img.data[i * 4 + 3] = 255;
      }
      const off = document.createElement('canvas');
      off.width = grid.size;
      off.height = grid.size;
      off.getContext('2d')?.putImageData(img, 0, 0);
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(off, 0, 0, pixels, pixels);
    }
    if (points) {
      const sx = pixels / (domain.xMax - domain.xMin);
      const sy = pixels / (domain.yMax - domain.yMin);
      const n = points.y.length;
      const rad = n > 1000 ? 1.6 : 2.6;
      for (let i = 0; i < n; i++) {
        const [r, g, b] = classRgb(points.y[i]);
        ctx.fillStyle = `rgb(${r},${g},${b})`;
        ctx.beginPath();
        ctx.arc((points.x[2 * i] - domain.xMin) * sx, (domain.yMax - points.x[2 * i + 1]) * sy, rad, 0, Math.PI * 2);
        ctx.fill();
      }
    }
  }, [domain, points, grid, pixels, discrete]);
  return (
    <div className="canvas-box">
      <canvas ref={ref} width={pixels} height={pixels} role="img" aria-label={label} data-testid={testId} data-has-grid={grid ? '1' : '0'} data-discrete={discrete || !grid?.confidence ? '1' : '0'} />
    </div>
  );
}
