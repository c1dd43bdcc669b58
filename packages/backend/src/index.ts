/*
 * The Posture demo backend: the catalog with the example organisation, guest sign-in,
 * permissions, notifications, user settings, the scaffolder, the security plugin, and the MCP
 * actions server for assistants. See app-config.yaml.
 */
import { createBackend } from '@backstage/backend-defaults';
import { authModuleDemoApproverProvider } from './demoApproverAuth';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
// DEMO ONLY: a second guest-like sign-in as the platform team's approver, active only where
// auth.providers.demo-approver is configured (app-config.yaml), so secret requests have a
// requester and a different approver.
backend.add(authModuleDemoApproverProvider);

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
// Template entities (examples/templates) for the scaffolder.
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);

backend.add(import('@backstage/plugin-permission-backend'));
// The demo lets everyone do everything; see docs/permissions.md for a real policy.
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);

backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));
// The app's user-settings plugin stores each user's settings here; without it every page
// logs a 404 for POST /api/user-settings/multiget.
backend.add(import('@backstage/plugin-user-settings-backend'));

// Software templates, with Posture's posture:secret-request:create action: a template opens a
// secret request as the user running it (docs/secret-requests.md). The demo has no source
// control publisher, so the example template is listed, not run; see its file.
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(
  import('@posture/backstage-plugin-scaffolder-backend-module-security'),
);

backend.add(import('@posture/backstage-plugin-security-backend'));
// Trivy JSON, CycloneDX and SPDX uploads from CI.
backend.add(import('@posture/backstage-plugin-security-backend-module-trivy'));
// OpenVEX and CycloneDX VEX uploads from CI: statements that clear or confirm findings.
backend.add(import('@posture/backstage-plugin-security-backend-module-vex'));
// Secret age from Vault metadata (security.vault in app-config.yaml).
backend.add(import('@posture/backstage-plugin-security-backend-module-vault'));
// Verified image signatures: Sigstore bundle uploads and the Rekor log (security.signing,
// security.rekor in app-config.yaml).
backend.add(import('@posture/backstage-plugin-security-backend-module-rekor'));
// Exploitability feeds: CISA's known exploited vulnerabilities and FIRST's EPSS scores, daily
// (security.kev, security.epss in app-config.yaml; docs/exploitability.md).
backend.add(import('@posture/backstage-plugin-security-backend-module-kev'));
backend.add(import('@posture/backstage-plugin-security-backend-module-epss'));

// Tech Insights with Posture's facts (grade, score, policy checks) and the JSON rules engine
// for checks on them (techInsights in app-config.yaml, docs/tech-insights.md).
backend.add(import('@backstage-community/plugin-tech-insights-backend'));
backend.add(
  import('@backstage-community/plugin-tech-insights-backend-module-jsonfc'),
);
backend.add(
  import('@posture/backstage-plugin-tech-insights-backend-module-security'),
);

// Assistants: the actions plugins register (Posture's read actions; backend.actions in
// app-config.yaml) served as MCP tools at /api/mcp-actions/v1 (docs/assistants.md).
backend.add(import('@backstage/plugin-mcp-actions-backend'));

backend.start();
