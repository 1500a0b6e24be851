package org.colorizer.updatesite;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.colorizer.ColorizerException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Reads and writes an update site's {@code db.xml.gz} in the updater's format: gzip'd UTF-8 XML, root
 * {@code pluginRecords} with an internal DTD (the one imagej-updater's {@code XMLFileWriter} writes), one
 * {@code plugin} element per file. Only the site flavour: no {@code update-site} elements or attributes.
 */
final class DbXml {
    /** Element order inside {@code plugin} and {@code version} follows this DTD. */
    static final String DOCTYPE = String.join("\n",
            "<!DOCTYPE pluginRecords [",
            "<!ELEMENT pluginRecords ((update-site | disabled-update-site)*, plugin*)>",
            "<!ELEMENT update-site EMPTY>",
            "<!ELEMENT disabled-update-site EMPTY>",
            "<!ELEMENT plugin (platform*, category*, version?, previous-version*)>",
            "<!ELEMENT version (description?, dependency*, link*, author*)>",
            "<!ELEMENT previous-version EMPTY>",
            "<!ELEMENT description (#PCDATA)>",
            "<!ELEMENT dependency EMPTY>",
            "<!ELEMENT link (#PCDATA)>",
            "<!ELEMENT author (#PCDATA)>",
            "<!ELEMENT platform (#PCDATA)>",
            "<!ELEMENT category (#PCDATA)>",
            "<!ATTLIST update-site name CDATA #REQUIRED>",
            "<!ATTLIST update-site url CDATA #REQUIRED>",
            "<!ATTLIST update-site ssh-host CDATA #IMPLIED>",
            "<!ATTLIST update-site upload-directory CDATA #IMPLIED>",
            "<!ATTLIST update-site description CDATA #IMPLIED>",
            "<!ATTLIST update-site maintainer CDATA #IMPLIED>",
            "<!ATTLIST update-site timestamp CDATA #REQUIRED>",
            "<!ATTLIST disabled-update-site name CDATA #REQUIRED>",
            "<!ATTLIST disabled-update-site url CDATA #REQUIRED>",
            "<!ATTLIST disabled-update-site ssh-host CDATA #IMPLIED>",
            "<!ATTLIST disabled-update-site upload-directory CDATA #IMPLIED>",
            "<!ATTLIST disabled-update-site description CDATA #IMPLIED>",
            "<!ATTLIST disabled-update-site maintainer CDATA #IMPLIED>",
            "<!ATTLIST disabled-update-site timestamp CDATA #REQUIRED>",
            "<!ATTLIST plugin update-site CDATA #IMPLIED>",
            "<!ATTLIST plugin filename CDATA #REQUIRED>",
            "<!ATTLIST plugin executable CDATA #IMPLIED>",
            "<!ATTLIST dependency filename CDATA #REQUIRED>",
            "<!ATTLIST dependency timestamp CDATA #IMPLIED>",
            "<!ATTLIST dependency overrides CDATA #IMPLIED>",
            "<!ATTLIST version timestamp CDATA #REQUIRED>",
            "<!ATTLIST version checksum CDATA #REQUIRED>",
            "<!ATTLIST version filesize CDATA #REQUIRED>",
            "<!ATTLIST previous-version filename CDATA #IMPLIED>",
            "<!ATTLIST previous-version timestamp CDATA #REQUIRED>",
            "<!ATTLIST previous-version timestamp-obsolete CDATA #IMPLIED>",
            "<!ATTLIST previous-version checksum CDATA #REQUIRED>]>");

    private DbXml() {}

    /** Writes the records, gzip'd, to {@code out} (which it closes). */
    static void write(List<SiteRecord> records, OutputStream out) throws IOException {
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            // the JDK's own StAX writer: another one on the class path (Hadoop's shaded woodstox in the Spark
            // job's tests, possibly one in Fiji) would change the text (quotes, spacing) of db.xml.gz
            XMLStreamWriter xml = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(gz, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeDTD(DOCTYPE);
            xml.writeCharacters("\n");
            xml.writeStartElement("pluginRecords");
            for (SiteRecord record : records) {
                writeRecord(xml, record);
            }
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException("Could not write db.xml: " + e.getMessage(), e);
        }
    }

    private static void writeRecord(XMLStreamWriter xml, SiteRecord record) throws XMLStreamException {
        indent(xml, 1);
        xml.writeStartElement("plugin");
        xml.writeAttribute("filename", record.filename);
        for (String platform : record.platforms) {
            textElement(xml, 2, "platform", platform);
        }
        SiteRecord.Version current = record.current;
        if (current != null) {
            boolean empty = record.description == null && record.dependencies.isEmpty() && record.authors.isEmpty();
            indent(xml, 2);
            if (empty) {
                xml.writeEmptyElement("version");
            } else {
                xml.writeStartElement("version");
            }
            xml.writeAttribute("checksum", current.checksum);
            xml.writeAttribute("timestamp", Long.toString(current.timestamp));
            xml.writeAttribute("filesize", Long.toString(current.filesize));
            if (record.description != null) {
                textElement(xml, 3, "description", record.description);
            }
            for (SiteRecord.Dependency dependency : record.dependencies) {
                indent(xml, 3);
                xml.writeEmptyElement("dependency");
                xml.writeAttribute("filename", dependency.filename);
                xml.writeAttribute("timestamp", Long.toString(dependency.timestamp));
            }
            for (String author : record.authors) {
                textElement(xml, 3, "author", author);
            }
            if (!empty) {
                indent(xml, 2);
                xml.writeEndElement();
            }
        }
        for (SiteRecord.Version version : record.previous) {
            indent(xml, 2);
            xml.writeEmptyElement("previous-version");
            xml.writeAttribute("timestamp", Long.toString(version.timestamp));
            if (version.timestampObsolete != 0) {
                xml.writeAttribute("timestamp-obsolete", Long.toString(version.timestampObsolete));
            }
            xml.writeAttribute("checksum", version.checksum);
            if (version.filename != null) {
                xml.writeAttribute("filename", version.filename);
            }
        }
        indent(xml, 1);
        xml.writeEndElement();
    }

    private static void textElement(XMLStreamWriter xml, int depth, String name, String text)
            throws XMLStreamException {
        indent(xml, depth);
        xml.writeStartElement(name);
        xml.writeCharacters(text);
        xml.writeEndElement();
    }

    private static void indent(XMLStreamWriter xml, int depth) throws XMLStreamException {
        StringBuilder spaces = new StringBuilder("\n");
        for (int i = 0; i < depth; i++) {
            spaces.append("    ");
        }
        xml.writeCharacters(spaces.toString());
    }

    /** Reads a site's {@code db.xml.gz} (the records this class writes; other elements are ignored). */
    static List<SiteRecord> read(Path dbXmlGz) throws IOException {
        Document document;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(dbXmlGz))) {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setExpandEntityReferences(false);
            document = factory.newDocumentBuilder().parse(in);
        } catch (ParserConfigurationException | SAXException e) {
            throw new ColorizerException("Cannot read the existing " + dbXmlGz + " (" + e.getMessage()
                    + "): repair or remove it, or build into an empty folder.", e);
        }
        try {
            return records(document);
        } catch (NumberFormatException e) {
            throw new ColorizerException("Bad number in the existing " + dbXmlGz + " (" + e.getMessage()
                    + "): repair or remove it, or build into an empty folder.", e);
        }
    }

    private static List<SiteRecord> records(Document document) {
        List<SiteRecord> records = new ArrayList<>();
        for (Element plugin : children(document.getDocumentElement(), "plugin")) {
            SiteRecord record = new SiteRecord(plugin.getAttribute("filename"));
            for (Element platform : children(plugin, "platform")) {
                record.platforms.add(platform.getTextContent().trim());
            }
            for (Element version : children(plugin, "version")) {
                record.current = new SiteRecord.Version(version.getAttribute("checksum"),
                        number(version, "timestamp"), number(version, "filesize"));
                for (Element description : children(version, "description")) {
                    record.description = description.getTextContent();
                }
                for (Element dependency : children(version, "dependency")) {
                    record.dependencies.add(new SiteRecord.Dependency(dependency.getAttribute("filename"),
                            number(dependency, "timestamp")));
                }
                for (Element author : children(version, "author")) {
                    record.authors.add(author.getTextContent());
                }
            }
            for (Element previous : children(plugin, "previous-version")) {
                SiteRecord.Version version =
                        new SiteRecord.Version(previous.getAttribute("checksum"), number(previous, "timestamp"), 0);
                version.timestampObsolete = number(previous, "timestamp-obsolete");
                version.filename = previous.hasAttribute("filename") ? previous.getAttribute("filename") : null;
                record.previous.add(version);
            }
            records.add(record);
        }
        return records;
    }

    private static long number(Element element, String attribute) {
        String value = element.getAttribute(attribute);
        return value.isEmpty() ? 0 : Long.parseLong(value.trim());
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> result = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node node = nodes.item(i);
            if (node instanceof Element && ((Element) node).getTagName().equals(name)) {
                result.add((Element) node);
            }
        }
        return result;
    }
}
