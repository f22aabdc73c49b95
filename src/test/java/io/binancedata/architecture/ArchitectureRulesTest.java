package io.binancedata.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/** The rules of {@link ArchitectureTest} fail on the violations they are there for (classes under fixture/). */
class ArchitectureRulesTest {
    private static final String FIXTURE = "io.binancedata.architecture.fixture";
    private static final JavaClasses FIXTURES = new ClassFileImporter().importPackages(FIXTURE);

    @Test
    void shouldFailOnACycleBetweenTwoPackages() {
        EvaluationResult result = ArchitectureTest.noPackageCycle().evaluate(FIXTURES);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails()).hasSize(1).first().asString()
                .startsWith("Cycle detected: Slice " + FIXTURE + ".cycle.a -> \n"
                        + "                Slice " + FIXTURE + ".cycle.b -> \n"
                        + "                Slice " + FIXTURE + ".cycle.a");
    }

    @Test
    void shouldFailOnACamelImportInADomainPackage() {
        EvaluationResult result = ArchitectureTest.camelFree(FIXTURE + ".domain..").evaluate(FIXTURES);

        assertThat(result.getFailureReport().getDetails()).singleElement().asString()
                .startsWith("Field <" + FIXTURE + ".domain.UsesCamel.exchange> has type <org.apache.camel.Exchange>");
    }

    @Test
    void shouldPassOnPackagesWithoutCycleOrCamel() {
        assertThat(ArchitectureTest.camelFree(FIXTURE + ".cycle..").evaluate(FIXTURES).hasViolation()).isFalse();
        assertThat(ArchitectureTest.noPackageCycle().evaluate(new ClassFileImporter()
                .importPackages(FIXTURE + ".domain")).hasViolation()).isFalse();
    }
}
