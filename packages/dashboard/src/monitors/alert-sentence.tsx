import { sentenceParts } from "./alert-view.js";

/** An alert's sentence with the names the server quoted in backticks drawn as code. */
export function AlertSentence({ sentence }: { sentence: string }) {
  return (
    <>
      {sentenceParts(sentence).map((part, index) =>
        // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one sentence never move
        part.code ? <code key={index}>{part.text}</code> : <span key={index}>{part.text}</span>,
      )}
    </>
  );
}
