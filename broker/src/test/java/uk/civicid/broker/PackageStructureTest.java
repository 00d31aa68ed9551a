package uk.civicid.broker;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The broker's packages, bottom to top: audit and config (the properties) import no capability; session; federation
 * (upstream logins); account; client; signin (the sign-in rules and flow); oidc; passkey; store (implements every
 * capability's repository); admin, web and wiring on top. A cycle would mean a change to one capability drags others.
 */
@Tag("unit")
class PackageStructureTest {

    private static JavaClasses broker;

    @BeforeAll
    static void importBroker() {
        broker = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("uk.civicid.broker");
    }

    @Test
    void capabilityPackages_formNoCycle() {
        slices().matching("uk.civicid.broker.(*)..").should().beFreeOfCycles().check(broker);
    }

    @Test
    void capabilities_doNotImportTheWebLayer_theAdminApi_orTheWiring() {
        noClasses().that().resideOutsideOfPackages("uk.civicid.broker.web..", "uk.civicid.broker.admin..", "uk.civicid.broker.wiring..")
                .should().dependOnClassesThat().resideInAnyPackage("uk.civicid.broker.web..", "uk.civicid.broker.admin..", "uk.civicid.broker.wiring..")
                .check(broker);
    }

    @Test
    void theLowestPackages_importNoCapability() {
        String[] capabilities = {"uk.civicid.broker.account..", "uk.civicid.broker.admin..", "uk.civicid.broker.client..",
                "uk.civicid.broker.federation..", "uk.civicid.broker.oidc..", "uk.civicid.broker.passkey..", "uk.civicid.broker.session..",
                "uk.civicid.broker.signin..", "uk.civicid.broker.store..", "uk.civicid.broker.web..", "uk.civicid.broker.wiring.."};
        noClasses().that().resideInAnyPackage("uk.civicid.broker.audit..", "uk.civicid.broker.config..")
                .should().dependOnClassesThat().resideInAnyPackage(capabilities)
                .check(broker);
    }
}
