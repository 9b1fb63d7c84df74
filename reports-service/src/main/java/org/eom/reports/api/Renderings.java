package org.eom.reports.api;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eom.platform.problem.ProblemException;
import org.eom.reports.rendering.HtmlRendering;
import org.eom.reports.rendering.PdfRendering;
import org.eom.reports.rendering.StatementDocument;
import org.eom.reports.statements.Phrases;
import org.eom.reports.statements.Statement;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Content negotiation for a statement: JSON (the default), Markdown, HTML or PDF by Accept;
 * the language by {@code lang}, else Accept-Language, else English.
 */
final class Renderings {

    static final String MARKDOWN = "text/markdown";
    static final String PDF = "application/pdf";
    private static final List<String> TYPES = List.of(MediaType.APPLICATION_JSON, MARKDOWN, MediaType.TEXT_HTML, PDF);

    private Renderings() {
    }

    /** @param json the JSON body, built only when JSON is what the client wants */
    static Response respond(Statement statement, HttpHeaders headers, String lang, Supplier<Response> json) {
        String type = negotiate(headers);
        if (type.equals(MediaType.APPLICATION_JSON)) {
            return json.get();
        }
        String language = language(headers, lang);
        StatementDocument document = StatementDocument.of(statement.title.get(language), language, statement.sections);
        Response.ResponseBuilder response = switch (type) {
            case MARKDOWN -> Response.ok(document.markdown(), MARKDOWN + ";charset=UTF-8");
            case MediaType.TEXT_HTML -> Response.ok(HtmlRendering.render(document), MediaType.TEXT_HTML + ";charset=UTF-8");
            default -> Response.ok(PdfRendering.render(document), PDF)
                    .header("Content-Disposition", "inline; filename=\"statement-" + statement.id + "-" + language + ".pdf\"");
        };
        return response.header("Content-Language", language).header("Vary", "Accept, Accept-Language").build();
    }

    private static String negotiate(HttpHeaders headers) {
        for (MediaType accepted : headers.getAcceptableMediaTypes()) {
            for (String type : TYPES) {
                if (accepted.isCompatible(MediaType.valueOf(type))) {
                    return type;
                }
            }
        }
        return MediaType.APPLICATION_JSON;
    }

    private static String language(HttpHeaders headers, String lang) {
        if (lang != null) {
            if (!Phrases.LANGUAGES.contains(lang)) {
                throw ProblemException.invalid("lang", "must be one of " + Phrases.LANGUAGES);
            }
            return lang;
        }
        for (Locale accepted : headers.getAcceptableLanguages()) {
            if (Phrases.LANGUAGES.contains(accepted.getLanguage())) {
                return accepted.getLanguage();
            }
        }
        return Phrases.ENGLISH;
    }
}
