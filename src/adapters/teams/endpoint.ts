/** Where Teams posts activities on DealDesk's HTTP server. */
export const TEAMS_ENDPOINT = '/api/messages';
