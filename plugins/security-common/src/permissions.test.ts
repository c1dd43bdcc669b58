import { isResourcePermission } from '@backstage/plugin-permission-common';
import {
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

  it('keeps secret requests and exemption approval as basic permissions', () => {
    for (const permission of [
      securitySecretRequestCreatePermission,
      securitySecretRequestApprovePermission,
      securityExemptionApprovePermission,
    ]) {
      expect(permission.type).toBe('basic');
    }
  });
});
