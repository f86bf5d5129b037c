package io.streamtrain.launcher.input;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one CSV line into cells (RFC 4180): commas separate cells, a cell in double quotes may hold commas and
 * doubled quotes. A quoted cell cannot span lines here: the file is read line by line, one record per line.
 */
public final class CsvLineParser {

    private CsvLineParser() {
    }

    /**
     * @throws IllegalArgumentException for an unterminated quoted cell or text after a closing quote
     */
    public static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        int i = 0;
        while (true) {
            if (i < line.length() && line.charAt(i) == '"') {
                i = quoted(line, i + 1, cell);
                if (i < line.length() && line.charAt(i) != ',') {
                    throw new IllegalArgumentException("text after a closing quote at column " + (i + 1));
                }
            } else {
                int end = line.indexOf(',', i);
                end = end < 0 ? line.length() : end;
                cell.append(line, i, end);
                i = end;
            }
            cells.add(cell.toString());
            cell.setLength(0);
            if (i >= line.length()) {
                return cells;
            }
            i++; // the comma
        }
    }

    /** Appends a quoted cell's content starting after its opening quote; returns the index after its closing quote. */
    private static int quoted(String line, int start, StringBuilder cell) {
        int i = start;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '"') {
                if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            cell.append(c);
            i++;
        }
        throw new IllegalArgumentException("unterminated quoted cell starting at column " + start);
    }
}
