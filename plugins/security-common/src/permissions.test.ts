import { isResourcePermission } from '@backstage/plugin-permission-common';
import {
  securityCampaignManagePermission,
  securityExemptionApprovePermission,
  securityPermissions,
  securityPostureReadPermission,
  securityReportCreatePermission,
  securityReportDeletePermission,
  securitySecretRequestApprovePermission,
  securitySecretRequestCreatePermission,
} from './permissions';

describe('permissions', () => {
  it('exposes the names policies are written against', () => {
    expect(securityPermissions.map(p => p.name)).toEqual([
      'security.posture.read',
      'security.report.create',
      'security.report.delete',
      'security.secret-request.create',
      'security.secret-request.approve',
      'security.exemption.approve',
      'security.campaign.manage',
    ]);
  });

  it('makes posture reads a catalog-entity resource permission so policies can use catalog rules', () => {
    expect(
      isResourcePermission(securityPostureReadPermission, 'catalog-entity'),
    ).toBe(true);
  });

  it('makes report deletion a catalog-entity resource permission so "owners only" can be written', () => {
    expect(
      isResourcePermission(securityReportDeletePermission, 'catalog-entity'),
    ).toBe(true);
    expect(securityReportDeletePermission.attributes.action).toBe('delete');
  });

  it('makes uploads a catalog-entity resource permission so "owners only" can be written', () => {
    expect(
      isResourcePermission(securityReportCreatePermission, 'catalog-entity'),
    ).toBe(true);
    expect(securityReportCreatePermission.attributes.action).toBe('create');
  });

  it('makes secret requests and their approval catalog-entity resource permissions so a policy can say who approves for which services', () => {
    expect(
      isResourcePermission(
        securitySecretRequestCreatePermission,
        'catalog-entity',
      ),
    ).toBe(true);
    expect(
      isResourcePermission(
        securitySecretRequestApprovePermission,
        'catalog-entity',
      ),
    ).toBe(true);
    expect(securitySecretRequestApprovePermission.attributes.action).toBe(
      'update',
    );
  });

  it('keeps exemption approval a basic permission', () => {
    expect(securityExemptionApprovePermission.type).toBe('basic');
  });

  it('makes managing campaigns a basic permission (a platform role, not one entity)', () => {
    expect(securityCampaignManagePermission.type).toBe('basic');
    expect(securityCampaignManagePermission.attributes.action).toBe('create');
  });
});
