import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { SecretRequestInput } from '@posture/backstage-plugin-security-common';
import { backendError } from '../../testing/exemptionFixtures';
import {
  currentLocation,
  PAGE,
  renderSecretRequests,
} from './__testUtils__/renderSecretRequests';
import { secretRequest } from '../../testing/secretRequestFixtures';

const PAYMENTS = 'component:default/payments';

async function renderForm(
  options: { entityRef?: string; createSecretRequest?: jest.Mock } = {},
) {
  const createSecretRequest =
    options.createSecretRequest ??
    jest.fn(async (input: SecretRequestInput) =>
      secretRequest({ ...input, id: 'req-1' }),
    );
  await renderSecretRequests(
    options.entityRef
      ? `${PAGE}/new?entityRef=${encodeURIComponent(options.entityRef)}`
      : `${PAGE}/new`,
    { api: { createSecretRequest } },
  );
  const form = await screen.findByRole('form', { name: 'Request a secret' });
  return { form: within(form), createSecretRequest };
}

async function fillValid(form: ReturnType<typeof within>) {
  await userEvent.type(
    form.getByRole('textbox', { name: /^Name/ }),
    'stripe-api-key',
  );
  // Pasted: typing 50 characters one by one adds seconds on a busy CI machine.
  await userEvent.click(form.getByRole('textbox', { name: /^Justification/ }));
  await userEvent.paste('  The payments service calls Stripe with this key  ');
}

describe('RequestSecretForm', () => {
  it('preselects the service it was opened for and shows where the secret will live', async () => {
    const { form } = await renderForm({ entityRef: PAYMENTS });

    const service = form.getByRole('textbox', { name: /^Service/ });
    expect(await form.findByDisplayValue('Payments')).toBe(service);
    expect(
      form.getByRole('radio', { name: 'A KV secret that Posture generates' }),
    ).toBeChecked();
    expect(
      form.getByRole('spinbutton', { name: /^Rotation period/ }),
    ).toHaveValue(90);

    await userEvent.type(
      form.getByRole('textbox', { name: /^Name/ }),
      'stripe-api-key',
    );
    expect(screen.getByTestId('secret-request-path')).toHaveTextContent(
      'Vault path: default/payments/stripe-api-key in the KV mount.',
    );

    await userEvent.click(
      form.getByRole('radio', {
        name: 'A database static role that Vault rotates',
      }),
    );
    expect(screen.getByTestId('secret-request-path')).toHaveTextContent(
      'Vault static role: payments-stripe-api-key.',
    );
  });

  it('explains each kind in words, tied to its radio button', async () => {
    const { form } = await renderForm();

    expect(
      form.getByRole('radio', { name: 'A KV secret that Posture generates' }),
    ).toHaveAccessibleDescription(
      /Posture generates a strong random value.*nobody sees it/,
    );
    expect(
      form.getByRole('radio', {
        name: 'A database static role that Vault rotates',
      }),
    ).toHaveAccessibleDescription(/changes its password every rotation period/);
  });

  it('says what is missing next to each field, focuses the first, and sends nothing', async () => {
    const { form, createSecretRequest } = await renderForm();

    await userEvent.click(form.getByRole('button', { name: 'Request secret' }));

    const service = form.getByRole('textbox', { name: /^Service/ });
    expect(service).toHaveAccessibleDescription(
      'Choose the service the secret is for.',
    );
    expect(service).toHaveAttribute('aria-invalid', 'true');
    expect(service).toHaveFocus();
    expect(
      form.getByRole('textbox', { name: /^Name/ }),
    ).toHaveAccessibleDescription('Name the secret.');
    expect(
      form.getByRole('textbox', { name: /^Justification/ }),
    ).toHaveAccessibleDescription('Say why the service needs it.');
    expect(createSecretRequest).not.toHaveBeenCalled();
  });

  it('refuses what the backend’s schema refuses: a name with a dot, a rotation out of range, a short justification', async () => {
    const { form, createSecretRequest } = await renderForm({
      entityRef: PAYMENTS,
    });
    await form.findByDisplayValue('Payments');

    await userEvent.type(
      form.getByRole('textbox', { name: /^Name/ }),
      'db.password',
    );
    const rotation = form.getByRole('spinbutton', { name: /^Rotation period/ });
    await userEvent.clear(rotation);
    await userEvent.type(rotation, '400');
    await userEvent.type(
      form.getByRole('textbox', { name: /^Justification/ }),
      'too short',
    );
    await userEvent.click(form.getByRole('button', { name: 'Request secret' }));

    const name = form.getByRole('textbox', { name: /^Name/ });
    expect(name).toHaveAccessibleDescription(
      'Must be 1 to 64 letters, digits, - or _ (no dots or slashes).',
    );
    expect(name).toHaveFocus();
    expect(rotation).toHaveAccessibleDescription(
      'Must be a whole number of days from 1 to 365.',
    );
    expect(
      form.getByRole('textbox', { name: /^Justification/ }),
    ).toHaveAccessibleDescription(
      'Must be 10 to 2000 characters (not counting surrounding spaces) (9 now).',
    );
    expect(createSecretRequest).not.toHaveBeenCalled();
  });

  it('sends the request as the schema parsed it and opens the new request’s page', async () => {
    const { form, createSecretRequest } = await renderForm({
      entityRef: PAYMENTS,
    });
    await form.findByDisplayValue('Payments');
    await userEvent.click(
      form.getByRole('radio', {
        name: 'A database static role that Vault rotates',
      }),
    );
    await fillValid(form);
    const rotation = form.getByRole('spinbutton', { name: /^Rotation period/ });
    await userEvent.clear(rotation);
    await userEvent.type(rotation, '30');

    await userEvent.click(form.getByRole('button', { name: 'Request secret' }));

    await waitFor(() =>
      expect(currentLocation()).toBe(`${PAGE}/requests/req-1`),
    );
    expect(createSecretRequest).toHaveBeenCalledTimes(1);
    expect(createSecretRequest).toHaveBeenCalledWith({
      entityRef: PAYMENTS,
      kind: 'database-role',
      name: 'stripe-api-key',
      rotationPeriodDays: 30,
      justification: 'The payments service calls Stripe with this key',
    });
  });

  it('picks the service from the catalog', async () => {
    const { form, createSecretRequest } = await renderForm();

    await userEvent.click(form.getByRole('textbox', { name: /^Service/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: /orders/ }),
    );
    await fillValid(form);
    await userEvent.click(form.getByRole('button', { name: 'Request secret' }));

    await waitFor(() => expect(createSecretRequest).toHaveBeenCalled());
    expect(createSecretRequest.mock.calls[0][0].entityRef).toBe(
      'component:default/orders',
    );
  });

  it('shows the backend’s refusal and keeps what was typed', async () => {
    const createSecretRequest = jest.fn(async () => {
      throw await backendError(
        409,
        'ConflictError',
        'stripe-api-key is already requested for component:default/payments',
      );
    });
    const { form } = await renderForm({
      entityRef: PAYMENTS,
      createSecretRequest,
    });
    await form.findByDisplayValue('Payments');
    await fillValid(form);

    await userEvent.click(form.getByRole('button', { name: 'Request secret' }));

    expect(await form.findByRole('alert')).toHaveTextContent(
      'Not requested: stripe-api-key is already requested for component:default/payments',
    );
    expect(form.getByRole('textbox', { name: /^Name/ })).toHaveValue(
      'stripe-api-key',
    );
    expect(currentLocation()).toBe(
      `${PAGE}/new?entityRef=${encodeURIComponent(PAYMENTS)}`,
    );
    expect(form.getByRole('button', { name: 'Request secret' })).toBeEnabled();
  });

  it('puts each part of a 400 next to the field it names too', async () => {
    const createSecretRequest = jest.fn(async () => {
      throw await backendError(
        400,
        'InputError',
        'name must be 1 to 64 letters, digits, - or _ (no dots or slashes); rotationPeriodDays must be a whole number of days from 1 to 30',
      );
    });
    const { form } = await renderForm({
      entityRef: PAYMENTS,
      createSecretRequest,
    });
    await form.findByDisplayValue('Payments');
    await fillValid(form);

    await userEvent.click(form.getByRole('button', { name: 'Request secret' }));

    await form.findByRole('alert');
    expect(
      form.getByRole('textbox', { name: /^Name/ }),
    ).toHaveAccessibleDescription(
      'name must be 1 to 64 letters, digits, - or _ (no dots or slashes)',
    );
    expect(
      form.getByRole('spinbutton', { name: /^Rotation period/ }),
    ).toHaveAccessibleDescription(
      'rotationPeriodDays must be a whole number of days from 1 to 30',
    );
  });
});
