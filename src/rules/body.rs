//! Rules for the Markdown bodies (MRP117): what the HTML and the PDF need
//! from the prose itself.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::diagnostics::catalogue::MRP117;
use crate::diagnostics::{Diagnostic, FileId};
use crate::markdown;
use crate::written::Body;
use crate::written::Content;

pub fn check(content: &Content, out: &mut Vec<Diagnostic>) {
    let site = &content.site;
    images_have_alt(&site.intro, site.file, out);
    for a in &content.agencies {
        images_have_alt(&a.about, a.file, out);
    }
    for p in &content.plans {
        images_have_alt(&p.body, p.file, out);
    }
}

/// Every image needs a text alternative: screen readers read it on the site,
/// and PDF/UA refuses an image without one.
fn images_have_alt(body: &Body, file: FileId, out: &mut Vec<Diagnostic>) {
    let mut open: Option<(std::ops::Range<usize>, String)> = None;
    for (event, range) in Parser::new_ext(&body.text, markdown::options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Image { .. }) => open = Some((range, String::new())),
            Event::Text(t) | Event::Code(t) if open.is_some() => {
                if let Some((_, alt)) = open.as_mut() {
                    alt.push_str(&t);
                }
            }
            Event::End(TagEnd::Image) => {
                if let Some((range, alt)) = open.take()
                    && alt.trim().is_empty()
                {
                    let span = body.offset + range.start..body.offset + range.end;
                    out.push(
                        Diagnostic::error(MRP117, file, span, "Billedet har ingen alternativ tekst.")
                            .label("mangler tekst mellem [ og ]")
                            .hint("Skriv kort, hvad billedet viser, mellem de firkantede parenteser, fx ![Organisationsdiagram for styrelsen](../../../billeder/org.png). Skærmlæsere læser teksten op, og pdf'en kræver den (PDF/UA)."),
                    );
                }
            }
            _ => {}
        }
    }
}
