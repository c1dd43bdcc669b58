export {
  SecretRequestsPage,
  SecretRequestsPageContent,
} from './SecretRequestsPage';
