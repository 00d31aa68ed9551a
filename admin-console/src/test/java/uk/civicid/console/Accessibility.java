package uk.civicid.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A smoke check of a page's structure for WCAG 2.2 AA, what can be checked without a browser: the language is set,
 * there is a skip link to the main content, one h1 and no skipped heading levels, every field has a label, ids are
 * unique, tables have captions and header scopes, error messages are tied to their fields, no inline script or style
 * (the CSP would block them), and every POST form carries a CSRF token.
 */
final class Accessibility {

    private Accessibility() {}

    static Document check(String html) {
        Document page = Jsoup.parse(html);
        assertThat(page.selectFirst("html").attr("lang")).as("html lang").isIn("en", "cy");
        assertThat(page.select("title").text()).as("title").isNotBlank();
        assertThat(page.select("meta[name=viewport]")).as("viewport for phones").isNotEmpty();
        assertThat(page.select("a.skip-link[href=#main]")).as("skip link").hasSize(1);
        assertThat(page.select("main#main")).as("main landmark").hasSize(1);
        assertThat(page.select("h1")).as("one h1").hasSize(1);

        int previous = 1;
        for (Element heading : page.select("h1, h2, h3, h4, h5, h6")) {
            int level = Integer.parseInt(heading.tagName().substring(1));
            assertThat(level).as("heading order at '%s'", heading.text()).isLessThanOrEqualTo(previous + 1);
            previous = level;
        }

        Set<String> ids = new HashSet<>();
        for (Element element : page.select("[id]")) {
            assertThat(ids.add(element.id())).as("unique id %s", element.id()).isTrue();
        }
        for (Element field : page.select("input:not([type=hidden]):not([type=submit]), select, textarea")) {
            assertThat(field.id()).as("field %s has an id", field.attr("name")).isNotBlank();
            assertThat(page.select("label[for=" + field.id() + "]")).as("label for %s", field.id()).hasSize(1);
            for (String described : field.attr("aria-describedby").split("\\s+")) {
                if (!described.isEmpty()) {
                    assertThat(page.getElementById(described)).as("%s describes %s", described, field.id()).isNotNull();
                }
            }
        }
        for (Element link : page.select(".error-summary a[href^=#]")) {
            assertThat(page.getElementById(link.attr("href").substring(1))).as("error summary links to a field").isNotNull();
        }
        for (Element table : page.select("table")) {
            assertThat(table.select("caption")).as("table caption").hasSize(1);
            assertThat(table.select("th:not([scope])")).as("th scope").isEmpty();
        }
        for (Element button : page.select("button, a")) {
            assertThat(button.text()).as("%s has a name", button.outerHtml()).isNotBlank();
        }
        assertThat(page.select("[style]")).as("no inline style").isEmpty();
        assertThat(page.select("style")).as("no style element").isEmpty();
        assertThat(page.select("script:not([src])")).as("no inline script").isEmpty();
        assertThat(page.select("[onclick], [onload], [onsubmit]")).as("no inline handlers").isEmpty();
        for (Element form : page.select("form[method=post]")) {
            assertThat(form.select("input[type=hidden][name=_csrf]")).as("CSRF token in %s", form.attr("action")).hasSize(1);
        }
        return page;
    }
}
