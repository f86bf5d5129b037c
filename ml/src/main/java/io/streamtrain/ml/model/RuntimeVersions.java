package io.streamtrain.ml.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import smile.classification.Classifier;

/**
 * The versions every model envelope records: the Smile version that serialized the model (models do not
 * load across Smile versions) and the streamtrain version that trained it.
 */
public final class RuntimeVersions {

    /** Returned when a version cannot be determined. */
    public static final String UNKNOWN = "unknown";

    private static final String SMILE = detectSmile();
    private static final String STREAMTRAIN = detectStreamtrain();

    private RuntimeVersions() {
    }

    /**
     * The Smile version on the classpath. Read from smile-core's jar manifest; when that manifest is gone
     * (a shaded jar keeps only its own), the version this module was built against is used instead.
     */
    public static String smile() {
        return SMILE;
    }

    /** This module's {@code Implementation-Version}, or {@code dev} when running from classes rather than a jar. */
    public static String streamtrain() {
        return STREAMTRAIN;
    }

    private static String detectSmile() {
        Package smileCore = Classifier.class.getPackage();
        // The title check stops a shaded jar's own manifest from passing for Smile's.
        if ("smile-core".equals(smileCore.getImplementationTitle()) && smileCore.getImplementationVersion() != null) {
            return smileCore.getImplementationVersion();
        }
        return builtAgainstSmile();
    }

    /** The Smile version recorded in this module's build.properties when it was built. */
    static String builtAgainstSmile() {
        try (InputStream in = RuntimeVersions.class.getResourceAsStream("build.properties")) {
            if (in == null) {
                return UNKNOWN;
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("smile.version", UNKNOWN).strip();
            return version.isEmpty() || version.startsWith("${") ? UNKNOWN : version;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read build.properties of streamtrain-ml", e);
        }
    }

    private static String detectStreamtrain() {
        String version = RuntimeVersions.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
