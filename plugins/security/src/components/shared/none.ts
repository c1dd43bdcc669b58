/** What a table cell or card shows for a value the report does not give. */
export const NONE = '—';
