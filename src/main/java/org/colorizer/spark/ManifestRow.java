package org.colorizer.spark;

import java.io.Serializable;

/** One row of the manifest: an input, its output, what happened and how long it took (a Java bean for Spark). */
public final class ManifestRow implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String OK = "ok";
    public static final String SKIPPED = "skipped";
    public static final String FAILED = "failed";

    private String path;
    private String output;
    private String status;
    private String error;
    private long millis;

    public ManifestRow() {}

    public ManifestRow(String path, String output, String status, String error, long millis) {
        this.path = path;
        this.output = output;
        this.status = status;
        this.error = error;
        this.millis = millis;
    }

    public String getPath() { return path; }
    public void setPath(String path) { this.path = path; }
    public String getOutput() { return output; }
    public void setOutput(String output) { this.output = output; }
    public String getStatus() { return status; }
    public void setStatus(String status) { this.status = status; }
    public String getError() { return error; }
    public void setError(String error) { this.error = error; }
    public long getMillis() { return millis; }
    public void setMillis(long millis) { this.millis = millis; }
}
