// Reading Block Kit that the app sent to Slack (messages, response_url answers, views), for adapter tests.
//
//   const won = buttonsIn(card.blocks).find((b) => b.text === 'Won')!;
//   expect(textOf(card.blocks)).toContain('Created D-201');

export type Button = { action_id: string; value: string; text: string; block_id: string };

/** Every button in a Block Kit payload, in order, with its label and the block_id of the block holding it. */
export function buttonsIn(blocks: unknown): Button[] {
  const found: Button[] = [];
  const visit = (node: unknown, blockId: string): void => {
    if (Array.isArray(node)) {
      node.forEach((child) => visit(child, blockId));
      return;
    }
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    const id = typeof record.block_id === 'string' ? record.block_id : blockId;
    if (record.type === 'button') {
      const text = (record.text as { text?: string } | undefined)?.text ?? '';
      found.push({ action_id: String(record.action_id), value: String(record.value), text, block_id: id });
    }
    for (const child of Object.values(record)) if (typeof child === 'object') visit(child, id);
  };
  visit(blocks, '');
  return found;
}

/** The blocks as one searchable string (every text, id and value in them). */
export function textOf(blocks: unknown): string {
  return JSON.stringify(blocks);
}

/**
 * The cells of every table block in a Block Kit payload, as text row by row (a rich_text cell's text
 * elements joined): what a user reads in Slack's native table.
 */
export function tablesIn(blocks: unknown): string[][][] {
  const textOfCell = (cell: unknown): string => {
    if (!cell || typeof cell !== 'object') return '';
    const record = cell as { type?: unknown; text?: unknown; elements?: unknown };
    if (typeof record.text === 'string' && record.type !== 'rich_text') return record.text;
    return Array.isArray(record.elements) ? record.elements.map(textOfCell).join('') : '';
  };
  if (!Array.isArray(blocks)) return [];
  return blocks.flatMap((block: unknown) => {
    const table = block as { type?: unknown; rows?: unknown };
    if (table.type !== 'table' || !Array.isArray(table.rows)) return [];
    return [table.rows.map((row: unknown) => (Array.isArray(row) ? row.map(textOfCell) : []))];
  });
}
