/**
 * Scanned and uploaded paper: files kept as they came, read page by page (a PDF's own text, else OCR
 * with Tesseract), each page checked (blank, rotated, unreadable), the patient and document type
 * suggested from the text, and filed by an indexing clerk as a DocumentReference whose text is
 * searchable in the patient's record.
 */
@NullMarked
package org.custodian.ingest.scan;

import org.jspecify.annotations.NullMarked;
