package org.eom.reports.rendering;

import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/** A standalone HTML page of a statement. Raw HTML in edited sections is escaped, never passed through. */
public final class HtmlRendering {

    private static final Parser PARSER = Parser.builder().build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();

    private HtmlRendering() {
    }

    public static String render(StatementDocument document) {
        String body = RENDERER.render(PARSER.parse(document.markdown()));
        return """
                <!DOCTYPE html>
                <html lang="%s">
                <head>
                <meta charset="utf-8">
                <title>%s</title>
                <style>body{font-family:"DejaVu Sans",Arial,sans-serif;max-width:46em;margin:2em auto;line-height:1.5;padding:0 1em}
                p:first-of-type,p:nth-of-type(2){text-align:center}</style>
                </head>
                <body>
                <article>
                %s</article>
                </body>
                </html>
                """.formatted(document.language(), escape(document.title()), body);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
