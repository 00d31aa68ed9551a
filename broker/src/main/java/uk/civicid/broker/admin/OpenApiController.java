package uk.civicid.broker.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The OpenAPI 3.1 description of the admin API ({@code admin/openapi.json}), public so the console and app teams can
 * read it. A test compares it with the controllers' mappings, so it stays true.
 */
@RestController
public class OpenApiController {

    private final byte[] description;

    public OpenApiController() {
        try (InputStream in = new ClassPathResource("admin/openapi.json").getInputStream()) {
            this.description = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("admin/openapi.json is missing from the broker", e);
        }
    }

    @GetMapping(AdminApiConfiguration.BASE + "/openapi.json")
    public ResponseEntity<byte[]> description() {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(description);
    }
}
