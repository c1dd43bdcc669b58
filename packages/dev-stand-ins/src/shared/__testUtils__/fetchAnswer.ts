/** A stand-in's answer as tests look at it: status, parsed JSON when it is JSON, raw text. */
export interface Answer {
  status: number;
  body: any;
  text: string;
  headers: Headers;
}

export async function fetchAnswer(
  url: string,
  init: {
    method: string;
    headers: Record<string, string>;
    body?: string;
    signal?: AbortSignal;
  },
): Promise<Answer> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: any;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: response.status, body, text, headers: response.headers };
}
