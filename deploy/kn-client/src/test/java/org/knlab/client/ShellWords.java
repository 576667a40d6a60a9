package org.knlab.client;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits shell text into simple commands and words as bash would for the plain commands docs show:
 * quotes, backslash escapes and line continuations, comments, {@code ;}, {@code &&}, {@code ||},
 * {@code |} and {@code &} between commands, redirections dropped with their targets, leading
 * {@code NAME=value} assignments dropped. No expansions: a word with {@code $} stays as written.
 */
final class ShellWords {

    private ShellWords() {}

    static List<List<String>> commands(String text) {
        List<List<String>> out = new ArrayList<>();
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        boolean dropNext = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char next = text.charAt(++i);
                if (next != '\n') {
                    word = word == null ? new StringBuilder() : word;
                    word.append(next);
                }
                continue;
            }
            if (c == '\'' || c == '"') {
                word = word == null ? new StringBuilder() : word;
                int end = text.indexOf(c, i + 1);
                end = end < 0 ? text.length() : end;
                String quoted = text.substring(i + 1, end);
                word.append(c == '"' ? quoted.replace("\\\"", "\"").replace("\\\\", "\\") : quoted);
                i = end;
                continue;
            }
            boolean separator = c == '\n' || c == ';' || c == '|' || c == '&';
            boolean redirect = c == '>' || c == '<';
            if (Character.isWhitespace(c) || separator || redirect) {
                if (word != null && !(redirect && word.toString().matches("\\d+"))) { // 2> file: 2 is no word
                    if (!dropNext) {
                        words.add(word.toString());
                    }
                    dropNext = false;
                }
                word = null;
                if (redirect) {
                    dropNext = true; // the redirection's target
                    while (i + 1 < text.length() && (text.charAt(i + 1) == '>' || text.charAt(i + 1) == '&')) {
                        i++;
                    }
                    if (i + 1 < text.length() && Character.isDigit(text.charAt(i + 1))) {
                        i++; // 2>&1
                        dropNext = false;
                    }
                }
                if (separator) {
                    out.add(assignmentsDropped(words));
                    words = new ArrayList<>();
                }
                continue;
            }
            if (c == '#' && word == null) {
                while (i + 1 < text.length() && text.charAt(i + 1) != '\n') {
                    i++;
                }
                continue;
            }
            word = word == null ? new StringBuilder() : word;
            word.append(c);
        }
        if (word != null && !dropNext) {
            words.add(word.toString());
        }
        out.add(assignmentsDropped(words));
        out.removeIf(List::isEmpty);
        return out;
    }

    private static List<String> assignmentsDropped(List<String> words) {
        int first = 0;
        while (first < words.size() && words.get(first).matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
            first++;
        }
        return new ArrayList<>(words.subList(first, words.size()));
    }
}
