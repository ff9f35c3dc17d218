'use client';
/**
 * SVG diagram of a network: input, hidden layers (node count capped, groups as coloured bands,
 * activation under each column), the softmax head, and shortcut arcs from layer 2 onward.
 * Given trained weights, each drawn link's thickness follows |w| (relative to the largest drawn
 * link of its layer) and its colour the sign (orange positive, blue negative), as in the
 * Playground; a shown node stands for unit ⌊j · units / shown⌋ when a layer is capped. Conv layers
 * (and an image input) draw as squares, one per channel, labelled with the kernel and output shape.
 */
import { memo } from 'react';
import { paramCount, weightManifest } from '../../../game/manifest';
import { isConvLayer, layerWidth, type NetworkSpec, type TaskShape } from '../../../game/spec';
import { formatShape, inputShape, layerShapes } from '../../../game/conv-shape';
import { CLASS_COLORS } from '../../lib/format';
import { useI18n } from '../../i18n/i18n-provider';
import type { MessageKey } from '../../i18n/en';

const MAX_NODES = 10;
const W = 640;
const H = 260;

/**
 * The weight of each drawn link, [column transition][shown a][shown b] (null between groups), or
 * null when `weights` does not belong to this network.
 */
export function linkWeights(network: NetworkSpec, task: TaskShape, weights: Float32Array | null | undefined, shown: number[], units: number[]): (number | null)[][][] | null {
  // Conv kernels are pictures, not node-to-node links: their weights are drawn by the kernel view.
  if (network.layers.some(isConvLayer)) return null;
  if (!weights || weights.length !== paramCount(network, task)) return null;
  const kernels = weightManifest(network, task).filter((e) => e.kind === 'kernel' || e.kind === 'headKernel');
  return kernels.map((e, i) => {
    const [g, inPer, outPer] = e.kind === 'kernel' ? e.shape : [1, e.shape[0], e.shape[1]];
    return Array.from({ length: shown[i] }, (_, a) =>
      Array.from({ length: shown[i + 1] }, (_, b) => {
        const ua = Math.floor((a * units[i]) / shown[i]);
        const ub = Math.floor((b * units[i + 1]) / shown[i + 1]);
        const gi = Math.floor(ub / outPer);
        if (Math.floor(ua / inPer) !== gi) return null;
        return weights[e.offset + gi * inPer * outPer + (ua - gi * inPer) * outPer + (ub - gi * outPer)];
      }),
    );
  });
}

function shapesOrNull(network: NetworkSpec, task: TaskShape): ReturnType<typeof layerShapes> | null {
  try {
    return layerShapes(network, task);
  } catch {
    return null;
  }
}

export const NetworkDiagram = memo(function NetworkDiagram({ network, task, weights }: { network: NetworkSpec; task: TaskShape; weights?: Float32Array | null }) {
  const { t } = useI18n();
  // Conv layers draw as squares (one per filter) labelled with their kernel and output shape.
  const shapes = shapesOrNull(network, task);
  const cols = [
    { units: task.image ? task.image.channels : task.inputDim, groups: 1, conv: Boolean(task.image), label: task.image ? formatShape(inputShape(task)) : t('diagram.in', { n: task.inputDim }) },
    ...network.layers.map((l, i) => ({
      units: layerWidth(l),
      groups: l.groups,
      conv: isConvLayer(l),
      label: isConvLayer(l) ? `${t('diagram.conv', { k: l.kernel })}${shapes ? ` ${formatShape(shapes[i].output)}` : ''}` : t(`act.${l.activation}` as MessageKey),
    })),
    { units: task.classes, groups: 1, conv: false, label: t('diagram.softmax', { n: task.classes }) },
  ];
  const dx = (W - 80) / Math.max(1, cols.length - 1);
  const x = (i: number) => 40 + i * dx;
  const nodeY = (n: number, j: number) => 30 + ((H - 80) * (j + 0.5)) / n;
  const shown = cols.map((c) => Math.min(c.units, MAX_NODES));
  const r = Math.max(3, Math.min(9, dx / 6));
  const ws = linkWeights(network, task, weights, shown, cols.map((c) => c.units));
  const peaks = ws?.map((m) => m.flat().reduce<number>((p, w) => (w === null ? p : Math.max(p, Math.abs(w))), 0));
  // Columns closer than a label's width take turns on two lines, so neighbours never run together
  // ("swishsoftmax 2"); the groups line moves below both.
  const crowded = dx < 70;
  const labelY = (i: number) => H - 32 + (crowded && i % 2 === 1 ? 13 : 0);

  return (
    <svg className="diagram" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('builder.diagram')} data-testid="network-diagram" data-weighted={ws ? 1 : 0}>
      {cols.slice(1).map((c, i) =>
        Array.from({ length: shown[i] }, (_, a) =>
          Array.from({ length: shown[i + 1] }, (_, b) => {
            // Within a grouped layer only same-group nodes connect: that is what groups mean.
            const g = c.groups;
            if (g > 1 && Math.floor((a * g) / shown[i]) !== Math.floor((b * g) / shown[i + 1])) return null;
            const w = ws?.[i][a][b] ?? null;
            const peak = peaks?.[i] ?? 0;
            const stroke = w === null ? '#3a4688' : w >= 0 ? '#ff9f43' : '#3ec5ff';
            const width = w === null || peak === 0 ? 0.6 : 0.3 + 3.2 * (Math.abs(w) / peak);
            return <line key={`${i}-${a}-${b}`} x1={x(i)} y1={nodeY(shown[i], a)} x2={x(i + 1)} y2={nodeY(shown[i + 1], b)} stroke={stroke} strokeWidth={width} data-w={w ?? undefined} />;
          }),
        ),
      )}
      {network.shortcut !== 'none' &&
        network.layers.slice(1).map((_, k) => {
          const i = k + 1;
          const x1 = x(i);
          const x2 = x(i + 1);
          return (
            <path key={`sc-${i}`} d={`M ${x1} ${H - 45} Q ${(x1 + x2) / 2} ${H - 5} ${x2} ${H - 45}`} fill="none" stroke={network.shortcut === 'residual' ? '#ffd23f' : '#7cf29c'} strokeWidth={2.5} strokeDasharray={network.shortcut === 'highway' ? '6 4' : undefined} />
          );
        })}
      {cols.map((c, i) => (
        <g key={`c-${i}`}>
          {Array.from({ length: shown[i] }, (_, j) => {
            const group = Math.floor((j * c.groups) / shown[i]);
            const fill = i === 0 ? '#9aa3d0' : i === cols.length - 1 ? CLASS_COLORS[j % CLASS_COLORS.length] : c.groups > 1 ? CLASS_COLORS[(group + 4) % CLASS_COLORS.length] : '#3ec5ff';
            if (c.conv) return <rect key={j} x={x(i) - r} y={nodeY(shown[i], j) - r} width={2 * r} height={2 * r} fill={fill} stroke="#0b0e1a" strokeWidth={1} data-kind="conv" />;
            return <circle key={j} cx={x(i)} cy={nodeY(shown[i], j)} r={r} fill={fill} stroke="#0b0e1a" strokeWidth={1} />;
          })}
          {c.units > MAX_NODES && (
            <text x={x(i)} y={22} fill="#9aa3d0" fontSize={11} textAnchor="middle">{c.units}</text>
          )}
          <text x={x(i)} y={labelY(i)} fill="#eef1ff" fontSize={11} textAnchor="middle" data-testid="diagram-label">{c.label}</text>
          {c.groups > 1 && <text x={x(i)} y={crowded ? H - 6 : H - 16} fill="#c38bff" fontSize={10} textAnchor="middle">g={c.groups}</text>}
        </g>
      ))}
    </svg>
  );
});
