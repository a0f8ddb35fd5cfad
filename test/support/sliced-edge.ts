// The edge dataset (test/support/edge-dataset.ts) with regions and source channels, for the reports sliced
// by channel and region (#15 point 4): New York in region Americas, Berlin in EMEA, Shanghai in none (and
// tess sells in no team), and some deals sold through a partner or online, the others direct.
import { edgeWorkspace, type EdgeWorkspace } from './edge-dataset.js';
import type { Provider } from '../../src/store/db.js';

/** Deals sold through a partner or online (all others are direct), by account. */
const EDGE_CHANNELS: Readonly<Record<string, 'partner' | 'online'>> = {
  'Pudong Tech': 'partner',
  'Suzhou Silk': 'online',
  'Spree Werke': 'partner',
  'Elbe Logistik': 'online',
  'Long Island Labs': 'partner',
  'Brooklyn Bakers': 'online',
  'Queens Metals': 'partner',
  'Pacific Surf': 'online',
  'Sierra Wines': 'partner',
  'Admin Direct': 'online',
};

/** Regions as an admin would set them on the teams' Edit form; Shanghai has none. */
const EDGE_REGIONS: Readonly<Record<string, string>> = { 'New York': 'Americas', Berlin: 'EMEA' };

/** The edge dataset with regions and channels set. */
export async function slicedEdgeWorkspace(provider: Provider): Promise<EdgeWorkspace> {
  const edge = await edgeWorkspace(provider);
  for (const [name, region] of Object.entries(EDGE_REGIONS))
    await edge.db.team.updateMany({ where: { workspaceId: edge.workspaceId, name }, data: { region } });
  for (const [account, sourceChannel] of Object.entries(EDGE_CHANNELS))
    await edge.db.deal.updateMany({ where: { workspaceId: edge.workspaceId, account: { name: account } }, data: { sourceChannel } });
  return edge;
}
