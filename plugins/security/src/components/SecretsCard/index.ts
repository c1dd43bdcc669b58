export { SecretsCard } from './SecretsCard';
export { hasVaultAnnotations } from './hasVaultAnnotations';
