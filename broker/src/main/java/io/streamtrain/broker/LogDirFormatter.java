package io.streamtrain.broker;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Formats a KRaft log directory the way {@code kafka-storage.sh format} does, unless it already holds a node. */
final class LogDirFormatter {

    private static final Logger LOG = LoggerFactory.getLogger(LogDirFormatter.class);

    private LogDirFormatter() {
    }

    /**
     * Formats {@code dataDir} for a new single-node cluster, or leaves it alone if it was formatted before, so that
     * a restart on the same directory keeps its cluster id, metadata and topics.
     */
    static void formatIfNew(Path dataDir) {
        if (Files.exists(dataDir.resolve(MetaPropertiesEnsemble.META_PROPERTIES_NAME))) {
            LOG.debug("Log directory {} is already formatted", dataDir);
            return;
        }
        String dir = dataDir.toAbsolutePath().toString();
        String clusterId = Uuid.randomUuid().toString();
        // The Formatter reports progress on a PrintStream meant for a terminal; the log line below replaces it.
        try (PrintStream quiet = new PrintStream(OutputStream.nullOutputStream())) {
            new Formatter()
                    .setPrintStream(quiet)
                    .setNodeId(BrokerProperties.NODE_ID)
                    .setClusterId(clusterId)
                    .setControllerListenerName(BrokerProperties.CONTROLLER_LISTENER)
                    .setDirectories(List.of(dir))
                    .setMetadataLogDirectory(dir)
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("could not format Kafka log directory " + dataDir, e);
        }
        LOG.info("Formatted Kafka log directory {} for cluster {}", dataDir, clusterId);
    }
}
