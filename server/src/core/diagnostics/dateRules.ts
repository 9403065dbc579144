/** Rules on the date line: presence, shape, calendar, day link, folder and future dates. */
import { compareDates, dayPagePath, folderDateOf, formatIsoDate, parseIsoDate } from '../format';
import { firstLineSpan, type Rule } from './problem';

/** Checks the date line against the format, the calendar, the folder and today. */
export const dateRules: Rule = ({ uri, text, entry, today }, report) => {
  const folderDate = folderDateOf(uri);
  const folderData: Record<string, string> = folderDate ? { folderDate: formatIsoDate(folderDate), folderDayPage: dayPagePath(folderDate) } : {};
  const line = entry.dateLine;
  if (!line) {
    report({
      code: 'date.missing', span: entry.headlines[0]?.span ?? firstLineSpan(text),
      message: 'No date line: an entry starts with "### [YYYY-MM-DD](/news/YYYY/MM/D/index.md)".', data: folderData,
    });
    return;
  }
  const dateText = line.text.trim();
  const date = parseIsoDate(dateText);
  if (date === 'malformed') {
    report({ code: 'date.malformed', span: line.textSpan, message: `Date "${dateText}" is not in the form YYYY-MM-DD.`, data: { text: dateText, ...folderData } });
    return;
  }
  if (date === 'impossible') {
    report({ code: 'date.impossible', span: line.textSpan, message: `${dateText} is not a calendar date.`, data: { text: dateText, ...folderData } });
    return;
  }
  const expected = dayPagePath(date);
  if (line.target === undefined || !line.targetSpan) {
    report({ code: 'date.noDayLink', span: line.span, message: `The date line should link to its day page ${expected}.`, data: { date: dateText, expected } });
  } else if (line.target.trim() !== expected) {
    report({
      code: 'date.dayLinkMismatch', span: line.targetSpan,
      message: `The date line links to ${line.target.trim()}, not to the day page of ${dateText} (${expected}).`, data: { expected },
    });
  }
  if (folderDate && compareDates(folderDate, date) !== 0) {
    report({
      code: 'date.folderMismatch', span: line.textSpan,
      message: `Date ${dateText} disagrees with the folder the file is in (${formatIsoDate(folderDate)}).`, data: { date: dateText, ...folderData },
    });
  }
  if (compareDates(date, today) > 0) {
    report({ code: 'date.future', span: line.textSpan, message: `Date ${dateText} is after today.`, data: { date: dateText } });
  }
};
