/** A Kubernetes auth role: which service-account JWTs it accepts and what a login grants. */
export interface KubernetesRole {
  /**
   * JWT strings accepted verbatim. The stand-in has no TokenReview API to call, so "valid"
   * means "listed here".
   */
  jwts: string[];
  policies: string[];
  /** token_ttl in seconds; 0 uses the system default. */
  ttl?: number;
  maxTtl?: number;
  serviceAccountName?: string;
  serviceAccountNamespace?: string;
}

/** An AppRole role: its role_id, the secret_ids issued for it, and what a login grants. */
export interface AppRoleRole {
  roleId: string;
  secretIds: string[];
  policies: string[];
  ttl?: number;
  maxTtl?: number;
}

/** Roles of the two machine auth methods Posture can use to get a token. */
export class AuthRoles {
  readonly kubernetes = new Map<string, KubernetesRole>();
  readonly approle = new Map<string, AppRoleRole>();

  setKubernetesRole(name: string, role: KubernetesRole): void {
    this.kubernetes.set(name, { ...role, jwts: [...role.jwts] });
  }

  setAppRole(name: string, role: AppRoleRole): void {
    this.approle.set(name, { ...role, secretIds: [...role.secretIds] });
  }

  findAppRoleByRoleId(
    roleId: string,
  ): { name: string; role: AppRoleRole } | undefined {
    for (const [name, role] of this.approle) {
      if (role.roleId === roleId) return { name, role };
    }
    return undefined;
  }
}
