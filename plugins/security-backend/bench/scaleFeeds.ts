/*
 * The exploit feeds as a fleet meets them, set-based: FIRST's daily EPSS file is about 300,000
 * CVEs and CISA's KEV catalog about 1,300. Every CVE of the fleet's findings gets an EPSS score
 * (skewed as the real model is: about one in twenty at 0.1 or more) and one in twenty of them
 * is in KEV; unrelated CVEs fill both tables to their real sizes, so the findings' joins read
 * tables of the real size.
 */
import type { Knex } from 'knex';

export const EPSS_ROWS = 300_000;
export const KEV_ROWS = 1_300;

/** Uniform [0, 1) from a text, the same on every run. */
const uniform = (text: string) =>
  `((hashtext(${text})::bigint + 2147483648) / 4294967296.0)`;

export function fillExploitFeeds(
  db: Knex,
): Promise<{ epss: number; kev: number }> {
  // One transaction: the temporary table lives on one connection.
  return db.transaction(async knex => {
    await knex.raw(
      `CREATE TEMP TABLE bench_cves AS
     SELECT DISTINCT cve_id FROM vulnerabilities WHERE cve_id IS NOT NULL`,
    );
    const epss = await knex.raw(
      `INSERT INTO epss_scores (cve_id, epss, percentile)
     SELECT cve_id, power(${uniform('cve_id')}, 45), ${uniform('cve_id')}
       FROM (SELECT cve_id FROM bench_cves
             UNION ALL
             SELECT 'CVE-2017-' || lpad(n::text, 6, '0')
               FROM generate_series(1, greatest(0, ? - (SELECT count(*) FROM bench_cves))) n
            ) c`,
      [EPSS_ROWS],
    );
    const kev = await knex.raw(
      `INSERT INTO kev_entries (cve_id, vendor_project, product, vulnerability_name, date_added,
                              due_date, ransomware, short_description, required_action, notes)
     SELECT cve_id, 'Acme', 'Product', 'Acme Product flaw in ' || cve_id, '2025-01-15',
            '2025-02-05', ${uniform(`cve_id || 'r'`)} < 0.2,
            'A flaw that attackers are known to use.',
            'Apply mitigations per vendor instructions or discontinue use.', ''
       FROM (SELECT cve_id FROM bench_cves WHERE ${uniform(
         `cve_id || 'k'`,
       )} < 0.05
             UNION ALL
             SELECT 'CVE-2016-' || lpad(n::text, 6, '0')
               FROM generate_series(1, ?) n) c`,
      [KEV_ROWS],
    );
    await knex.raw('DROP TABLE bench_cves');
    return { epss: epss.rowCount ?? 0, kev: kev.rowCount ?? 0 };
  });
}
