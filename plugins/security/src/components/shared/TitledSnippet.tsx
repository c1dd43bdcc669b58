import { CodeSnippet } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';

/** A command or file to copy, under a small heading naming where it goes. */
export function TitledSnippet(props: {
  title: string;
  language: string;
  text: string;
}) {
  return (
    <Box>
      <Typography variant="subtitle2" gutterBottom>
        {props.title}
      </Typography>
      <CodeSnippet
        language={props.language}
        text={props.text}
        showCopyCodeButton
        wrapLongLines
      />
    </Box>
  );
}
