// A small HTML rendering of the Block Kit we emit, close enough to Slack's light theme to see layout problems
// (wrapping, clipping, missing glyphs) in a screenshot. It covers the blocks src/views/render/block-kit.ts
// produces: header, section (text, fields, a button accessory), context, divider, actions, image, rich_text and
// table. Anything else is drawn as a red "unsupported" box, so a new block type shows up in the reference.
import type { KnownBlock, RichTextBlock, RichTextBlockElement, RichTextElement, TextObject } from '@slack/types';

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Slack's `<url|label>`, `<@U1>`, `<#C1|name>` and `<!here>` in already-escaped mrkdwn. */
function mrkdwnLinks(text: string): string {
  return text.replace(/<([^<>]*)>/g, (_all, inner: string) => {
    const [target = '', label] = inner.split('|');
    if (target.startsWith('@')) return `<span class="mention">@${escapeHtml(label ?? target.slice(1))}</span>`;
    if (target.startsWith('#')) return `<span class="mention">#${escapeHtml(label ?? target.slice(1))}</span>`;
    if (target.startsWith('!')) return `<span class="mention">@${escapeHtml(label ?? target.slice(1))}</span>`;
    return `<a href="#">${escapeHtml(label ?? target)}</a>`;
  });
}

/** Bold, italic, strike and inline code, as Slack reads them: markers at word boundaries on one line. */
function mrkdwnInline(text: string): string {
  const pieces = text.split(/(`[^`\n]+`)/g);
  return pieces
    .map((piece, i) => {
      if (i % 2 === 1) return `<code>${piece.slice(1, -1)}</code>`;
      return mrkdwnLinks(piece)
        .replace(/(^|[\s(])\*(?=\S)([^*\n]*?\S)\*(?=$|[\s).,:;!?])/gm, '$1<b>$2</b>')
        .replace(/(^|[\s(])_(?=\S)([^_\n]*?\S)_(?=$|[\s).,:;!?])/gm, '$1<i>$2</i>')
        .replace(/(^|[\s(])~(?=\S)([^~\n]*?\S)~(?=$|[\s).,:;!?])/gm, '$1<s>$2</s>');
    })
    .join('')
    .replace(/\n/g, '<br>');
}

/**
 * Slack mrkdwn (already escaped: `&amp;`, `&lt;`, `&gt;` are entities, a bare `<` opens a link) to HTML.
 * Code fences become preformatted blocks; the text around them gets the inline rules.
 */
export function mrkdwnHtml(text: string): string {
  const parts = text.split('```');
  return parts
    .map((part, i) => {
      const inner = i > 0 ? part.replace(/^\n/, '') : part;
      if (i % 2 === 1) return `<pre>${inner.replace(/\n$/, '')}</pre>`;
      return mrkdwnInline(i < parts.length - 1 ? inner.replace(/\n$/, '') : inner);
    })
    .join('');
}

function textHtml(text: TextObject): string {
  return text.type === 'mrkdwn' ? mrkdwnHtml(text.text) : escapeHtml(text.text).replace(/\n/g, '<br>');
}

function richElementHtml(element: RichTextElement): string {
  let html: string;
  switch (element.type) {
    case 'text':
      html = escapeHtml(element.text).replace(/\n/g, '<br>');
      break;
    case 'link':
      html = `<a href="#">${escapeHtml(element.text ?? element.url)}</a>`;
      break;
    case 'emoji':
      html = element.unicode ? String.fromCodePoint(...element.unicode.split('-').map((hex) => parseInt(hex, 16))) : `:${element.name}:`;
      break;
    case 'user':
      html = `<span class="mention">@${escapeHtml(element.user_id)}</span>`;
      break;
    case 'channel':
      html = `<span class="mention">#${escapeHtml(element.channel_id)}</span>`;
      break;
    case 'broadcast':
      html = `<span class="mention">@${element.range}</span>`;
      break;
    case 'date':
      html = escapeHtml(element.fallback ?? String(element.timestamp));
      break;
    default:
      html = `<span class="unsupported">${escapeHtml(element.type)}</span>`;
  }
  const style = 'style' in element ? element.style : undefined;
  if (style?.code) html = `<code>${html}</code>`;
  if (style?.bold) html = `<b>${html}</b>`;
  if (style?.italic) html = `<i>${html}</i>`;
  if (style?.strike) html = `<s>${html}</s>`;
  return html;
}

function richBlockElementHtml(element: RichTextBlockElement): string {
  switch (element.type) {
    case 'rich_text_section':
      return `<div class="rt-section">${element.elements.map(richElementHtml).join('')}</div>`;
    case 'rich_text_list': {
      const tag = element.style === 'ordered' ? 'ol' : 'ul';
      const items = element.elements.map((section) => `<li>${section.elements.map(richElementHtml).join('')}</li>`).join('');
      return `<${tag} style="margin-left:${(element.indent ?? 0) * 24}px">${items}</${tag}>`;
    }
    case 'rich_text_quote':
      return `<blockquote>${element.elements.map(richElementHtml).join('')}</blockquote>`;
    case 'rich_text_preformatted':
      return `<pre>${element.elements.map(richElementHtml).join('')}</pre>`;
  }
}

function richTextHtml(block: RichTextBlock): string {
  return block.elements.map(richBlockElementHtml).join('');
}

type ButtonLike = { type: string; text?: TextObject; style?: 'primary' | 'danger' };

function buttonHtml(element: ButtonLike): string {
  if (element.type !== 'button' || !element.text) return `<span class="unsupported">${escapeHtml(element.type)}</span>`;
  return `<span class="button ${element.style ?? ''}">${escapeHtml(element.text.text)}</span>`;
}

function tableHtml(block: Extract<KnownBlock, { type: 'table' }>): string {
  const settings = block.column_settings ?? [];
  const rows = block.rows
    .map((row) => {
      const cells = row
        .map((cell, i) => {
          const align = settings[i]?.align ?? 'left';
          const wrap = settings[i]?.is_wrapped ? ' wrap' : '';
          const content = cell.type === 'rich_text' ? richTextHtml(cell) : escapeHtml(cell.text);
          return `<td class="align-${align}${wrap}">${content}</td>`;
        })
        .join('');
      return `<tr>${cells}</tr>`;
    })
    .join('');
  return `<div class="table-scroll"><table>${rows}</table></div>`;
}

function blockHtml(block: KnownBlock): string {
  switch (block.type) {
    case 'header':
      return `<div class="block header">${escapeHtml(block.text.text)}</div>`;
    case 'section': {
      const text = block.text ? `<div class="section-text">${textHtml(block.text)}</div>` : '';
      const fields = block.fields ? `<div class="fields">${block.fields.map((f) => `<div>${textHtml(f)}</div>`).join('')}</div>` : '';
      const accessory = block.accessory ? `<div class="accessory">${buttonHtml(block.accessory)}</div>` : '';
      return `<div class="block section"><div class="section-body">${text}${fields}</div>${accessory}</div>`;
    }
    case 'context':
      return `<div class="block context">${block.elements.map((e) => (e.type === 'image' ? '' : `<span>${textHtml(e)}</span>`)).join('')}</div>`;
    case 'divider':
      return '<div class="block divider"></div>';
    case 'actions':
      return `<div class="block actions">${block.elements.map((e) => buttonHtml(e)).join('')}</div>`;
    case 'image': {
      const title = block.title ? `<div class="image-title">${escapeHtml(block.title.text)}</div>` : '';
      const url = 'image_url' in block ? block.image_url : '';
      return `<div class="block image">${title}<img src="${escapeHtml(url)}" alt="${escapeHtml(block.alt_text)}"></div>`;
    }
    case 'rich_text':
      return `<div class="block rich-text">${richTextHtml(block)}</div>`;
    case 'table':
      return `<div class="block">${tableHtml(block)}</div>`;
    default:
      return `<div class="block unsupported">unsupported block: ${escapeHtml(block.type)}</div>`;
  }
}

/** A bot message as Slack shows it in a channel: the app's name and badge, then the blocks. */
export function slackMessageHtml(blocks: readonly KnownBlock[], appName: string): string {
  return (
    `<div class="slack-message"><div class="avatar">D</div><div class="message-body">` +
    `<div class="sender"><b>${escapeHtml(appName)}</b> <span class="app-badge">APP</span> <span class="time">10:00 AM</span></div>` +
    `${blocks.map(blockHtml).join('')}</div></div>`
  );
}

/** Slack's light theme, approximately: sizes, colours and spacing of the message pane (nested under .slack-host, so Teams cards keep their own look). */
export const SLACK_CSS = `
.slack-host {
  width: 640px; background: #ffffff; padding: 8px 0; color: #1d1c1d; font-size: 15px; line-height: 1.46668;
  .slack-message { display: flex; gap: 8px; padding: 8px 20px; }
  .avatar { flex: 0 0 36px; height: 36px; border-radius: 6px; background: #4a154b; color: #fff; font-weight: 700;
    display: flex; align-items: center; justify-content: center; }
  .message-body { flex: 1 1 auto; min-width: 0; }
  .sender { line-height: 22px; }
  .app-badge { font-size: 10px; font-weight: 700; color: #616061; background: #e8e8e8; border-radius: 2px; padding: 1px 3px; vertical-align: 1px; }
  .time { color: #616061; font-size: 12px; }
  .block { margin: 4px 0; }
  .header { font-size: 18px; font-weight: 700; line-height: 1.33; margin: 8px 0 4px; }
  .section { display: flex; gap: 12px; align-items: flex-start; }
  .section-body { flex: 1 1 auto; min-width: 0; overflow-wrap: anywhere; }
  .accessory { flex: 0 0 auto; }
  .fields { display: grid; grid-template-columns: 1fr 1fr; column-gap: 16px; row-gap: 8px; }
  .context { font-size: 12px; line-height: 1.5; color: #616061; display: flex; flex-wrap: wrap; gap: 8px; }
  .divider { border-top: 1px solid #dddddd; margin: 12px 0; }
  .actions { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 8px; }
  .button { display: inline-flex; align-items: center; height: 28px; padding: 0 12px; border: 1px solid rgba(29,28,29,0.3);
    border-radius: 4px; font-size: 13px; font-weight: 700; white-space: nowrap; background: #fff; }
  .button.primary { background: #007a5a; border-color: #007a5a; color: #fff; }
  .button.danger { background: #e01e5a; border-color: #e01e5a; color: #fff; }
  pre { margin: 4px 0; padding: 8px; background: #f8f8f8; border: 1px solid rgba(29,28,29,0.13); border-radius: 4px;
    font-size: 12px; line-height: 1.5; white-space: pre-wrap; overflow-wrap: anywhere; font-variant-numeric: tabular-nums; }
  code { font-size: 12px; color: #e01e5a; background: #f8f8f8; border: 1px solid rgba(29,28,29,0.13); border-radius: 3px; padding: 0 3px; }
  pre code { color: inherit; border: 0; padding: 0; }
  a { color: #1264a3; text-decoration: none; }
  .mention { color: #1264a3; background: rgba(29,155,209,0.1); border-radius: 3px; padding: 0 2px; }
  .image-title { font-size: 13px; color: #616061; margin-bottom: 4px; }
  .image img { display: block; max-width: 100%; max-height: 360px; border-radius: 8px; border: 1px solid rgba(29,28,29,0.13); }
  .table-scroll { overflow-x: auto; }
  table { border-collapse: collapse; font-size: 14px; }
  td { border: 1px solid #dddddd; padding: 6px 10px; white-space: nowrap; vertical-align: top; }
  td.wrap { white-space: normal; }
  td.align-right { text-align: right; } td.align-center { text-align: center; }
  .rt-section { white-space: pre-wrap; }
  blockquote { margin: 0; padding-left: 12px; border-left: 4px solid #dddddd; }
  .unsupported { color: #c00; border: 2px dashed #c00; padding: 4px; }
}
`;
