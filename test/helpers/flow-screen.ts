import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';

/** Where the Flows page drew things, measured in Chromium: what its e2e tests hold the layout to. */

export type Box = { x: number; y: number; width: number; height: number };

export const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

export const inside = (inner: Box, outer: Box) =>
  inner.x >= outer.x &&
  inner.y >= outer.y &&
  inner.x + inner.width <= outer.x + outer.width &&
  inner.y + inner.height <= outer.y + outer.height;

export interface FlowBoxes {
  canvas: Box;
  /** the systems, with their text as shown (name first) */
  nodes: (Box & { text: string })[];
  /** the edge labels, with the edge each belongs to (`from>to>…`) and whether it is on top at its centre */
  labels: (Box & { edge: string; text: string; onTop: boolean })[];
}

/** The boxes on screen of the canvas, the systems and the edge labels. */
export async function flowBoxes(page: Page): Promise<FlowBoxes> {
  const canvas = (await page.locator('.flow-canvas').boundingBox())!;
  // (the callbacks run in the page: each measures its elements itself)
  const nodes = await page.locator('.react-flow__node').evaluateAll((elements) =>
    elements.map((element) => {
      const { x, y, width, height } = element.getBoundingClientRect();
      return { x, y, width, height, text: (element as unknown as { innerText: string }).innerText };
    }),
  );
  const labels = await page.locator('.flow-edge-label').evaluateAll((elements) =>
    elements.map((element) => {
      const { x, y, width, height } = element.getBoundingClientRect();
      // what a click at the label's centre lands on: the label itself, never a system drawn over it
      const hit = element.ownerDocument.elementFromPoint(x + width / 2, y + height / 2)?.closest('.flow-edge-label');
      const text = (element as unknown as { innerText: string }).innerText;
      return { x, y, width, height, edge: element.getAttribute('data-edge')!, text, onTop: hit === element };
    }),
  );
  return { canvas, nodes, labels };
}

/** Every label whole inside the canvas, on top at its centre, clear of every system and of every other label. */
export function assertLabelsClear({ canvas, nodes, labels }: FlowBoxes): void {
  for (const label of labels) {
    assert.ok(inside(label, canvas), `${label.edge}: ${JSON.stringify(label)} inside ${JSON.stringify(canvas)}`);
    assert.ok(label.onTop, `${label.edge}: its label is on top at its centre`);
    for (const node of nodes) assert.ok(!overlap(label, node), `${label.edge}: label clear of ${JSON.stringify(node)}`);
    for (const other of labels)
      if (other !== label) assert.ok(!overlap(label, other), `${label.edge} and ${other.edge} apart`);
  }
}

/** The text of the label on from → to. */
export function labelOf(labels: FlowBoxes['labels'], from: string, to: string): string {
  const found = labels.find((label) => label.edge.startsWith(`${from}>${to}>`));
  assert.ok(found, `no label on ${from} → ${to} among ${labels.map((label) => label.edge).join(', ')}`);
  return found.text;
}

/** The distinct rate units (min, h, day) the labels use: one, when every hop is said in the same unit. */
export function rateUnits(labels: FlowBoxes['labels']): string[] {
  return [...new Set(labels.flatMap((label) => [...label.text.matchAll(/\/(min|h|day)\b/g)].map((match) => match[1])))];
}

/** Opens the Flows page from the app's start, waits for the graph and `labels` edge labels, and measures it. */
export async function showFlows(page: Page, url: string, labels: number): Promise<FlowBoxes> {
  await page.goto(url);
  await page.getByRole('link', { name: 'Flows' }).click();
  await page.locator('[data-ready="flows"] .react-flow__node').first().waitFor();
  await page
    .locator('.flow-edge-label')
    .nth(labels - 1)
    .waitFor();
  return flowBoxes(page);
}
