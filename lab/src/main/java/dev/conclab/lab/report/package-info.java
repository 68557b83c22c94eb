/** Report formats for a comparison: text, Markdown, CSV, JSON and one offline HTML file. */
@NullMarked
package dev.conclab.lab.report;

import org.jspecify.annotations.NullMarked;
