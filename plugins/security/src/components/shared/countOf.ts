import { formatCount } from './formatCount';

/** "1 service", "2,345 services": a count with its noun. */
export function countOf(count: number, singular: string, plural: string) {
  return `${formatCount(count)} ${count === 1 ? singular : plural}`;
}

/** "12 services in 5 teams": how wide an answer is. */
export function servicesInTeams(services: number, teams: number): string {
  return `${countOf(services, 'service', 'services')} in ${countOf(
    teams,
    'team',
    'teams',
  )}`;
}
