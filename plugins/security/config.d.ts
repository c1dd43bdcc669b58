export interface Config {
  security?: {
    /** Where the Security tab links secrets to; the backend's Vault settings live next to these. */
    vault?: {
      /**
       * Vault's address as users open it in a browser, e.g. `https://vault.example.com`.
       * Set it to link each secret to its page in the Vault UI; the backend's Vault
       * address is often an in-cluster name that browsers cannot reach.
       * @visibility frontend
       */
      publicUrl?: string;
      /**
       * Vault Enterprise namespace the secrets live in, added to every Vault UI link.
       * @visibility frontend
       */
      namespace?: string;
    };
  };
}
