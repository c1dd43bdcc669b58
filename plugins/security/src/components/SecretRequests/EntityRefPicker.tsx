import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import {
  CatalogAutocomplete,
  catalogApiRef,
  humanizeEntityRef,
} from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useMemo, type Ref } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { errorMessage } from '../shared/errorMessage';

const useStyles = makeStyles(theme => ({
  root: { position: 'relative', minWidth: 0 },
  // Where CatalogAutocomplete puts its own label (it leaves room above the box), but a
  // label of its own, tied to the input by `for`: CatalogAutocomplete's wraps the whole
  // control, which would read the helper text and the Open button into the field's name.
  label: {
    position: 'absolute',
    top: theme.spacing(1),
    left: 0,
    fontWeight: 'bold',
    fontSize: theme.typography.body2.fontSize,
    color: theme.palette.text.primary,
  },
}));

type EntityKind = 'component' | 'group' | 'user';

const FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.title',
];

/**
 * Picks one catalog entity of a kind (a service, a team, a person) by its title or name,
 * answering its full ref. A value that is not among the loaded entities (e.g. preselected
 * before they load) is still shown, by its ref.
 */
export function EntityRefPicker(props: {
  id: string;
  label: string;
  kind: EntityKind;
  value: string | null;
  onChange: (entityRef: string | null) => void;
  required?: boolean;
  error?: string;
  helperText?: string;
  inputRef?: Ref<HTMLInputElement>;
}) {
  const { id, label, kind, value, onChange, required, error, helperText } =
    props;
  const classes = useStyles();
  const catalogApi = useApi(catalogApiRef);
  const entities = useAsync(
    () =>
      catalogApi.getEntities({
        filter: { kind },
        fields: FIELDS,
        order: { field: 'metadata.name', order: 'asc' },
      }),
    [catalogApi, kind],
  );

  const { options, titles } = useMemo(() => {
    const byRef = new Map<string, string>();
    for (const entity of entities.value?.items ?? []) {
      const ref = stringifyEntityRef(entity);
      byRef.set(
        ref,
        entity.metadata.title ??
          humanizeEntityRef(entity, { defaultKind: kind }),
      );
    }
    if (value && !byRef.has(value)) {
      byRef.set(value, value);
    }
    return { options: [...byRef.keys()], titles: byRef };
  }, [entities.value, value, kind]);

  const loadProblem = entities.error
    ? `Could not load the catalog: ${errorMessage(entities.error)}`
    : undefined;

  return (
    <Box className={classes.root}>
      <Typography component="label" htmlFor={id} className={classes.label}>
        {label}
        {required && <span aria-hidden="true"> *</span>}
      </Typography>
      <CatalogAutocomplete<string>
        // The box shows the chosen entity's title only from its first render on, so it is
        // drawn again once the titles are known (a preselected value shows its ref until then).
        key={entities.loading ? 'loading' : 'loaded'}
        id={id}
        name={id}
        options={options}
        value={value}
        loading={entities.loading}
        onChange={(_event, next) => onChange(next)}
        getOptionLabel={ref => titles.get(ref) ?? ref}
        renderOption={ref => (
          <Box>
            <Typography variant="body2">{titles.get(ref) ?? ref}</Typography>
            <Typography variant="caption" color="textSecondary">
              {ref}
            </Typography>
          </Box>
        )}
        TextFieldProps={{
          required,
          error: Boolean(error || loadProblem),
          helperText: error ?? loadProblem ?? helperText,
          inputRef: props.inputRef,
        }}
      />
    </Box>
  );
}
