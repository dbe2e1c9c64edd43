//! The command line in Spanish (issue 21): clap's help, usage lines and
//! argument errors, the reasons a file could not be cleaned (by kind, as the
//! extension words them) and the core's warnings, said in the language asked
//! for. English stays in the derive attributes of `silbato.rs`; this file
//! puts the Spanish over it before the arguments are read.

use clap::error::{ContextKind, ContextValue, ErrorKind as ClapKind};
use clap::{Arg, ArgAction, Command};
use silbato::report::ErrorReport;
use silbato::{ErrorKind, Lang};

/// The language asked for before clap reads anything: `--lang X`/`--lang=X`, else the environment.
pub fn lang_of_args(args: &[String], from_env: Lang) -> Lang {
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if let Some(v) = a.strip_prefix("--lang=") {
            return Lang::from_tag(v);
        }
        if a == "--lang" {
            if let Some(v) = it.next() {
                return Lang::from_tag(v);
            }
        }
    }
    from_env
}

const EXIT_CLEAN: &str = "\
Estado de salida:
  0  se leyeron todos los archivos (inspect) o se limpiaron y verificaron (clean)
  1  al menos un archivo no se pudo leer, limpiar o escribir; los demás sí
  2  la línea de órdenes estaba mal";

/// (subcommand, about, after_help, usage, [(argument, help, value name)])
type Texts = (&'static str, &'static str, Option<&'static str>, &'static str, &'static [(&'static str, &'static str, Option<&'static str>)]);

const SUBCOMMANDS: &[Texts] = &[
    (
        "inspect",
        "Dice lo que revela cada archivo, también su nombre (la fecha y la hora al segundo, el nombre de una persona o una calle)",
        Some(EXIT_CLEAN),
        "silbato inspect [OPCIONES] <ARCHIVO_O_CARPETA>...",
        &[
            ("json", "Un objeto JSON por archivo y por línea (los nombres de los campos quedan en inglés)", None),
            ("quick", "Lee solo los encabezados (más rápido; puede pasar por alto datos agregados después del final de un JPEG)", None),
            ("paths", "Archivos o carpetas (las carpetas se leen con todo lo que contienen)", Some("ARCHIVO_O_CARPETA")),
        ],
    ),
    (
        "clean",
        "Escribe copias limpias en --out: con los mismos nombres, o con nombres neutros usando --rename",
        Some(EXIT_CLEAN),
        "silbato clean [OPCIONES] <--out <CARPETA>|--in-place> <ARCHIVO_O_CARPETA>...",
        &[
            ("out", "Carpeta para las copias limpias (se crea si no existe); las carpetas que des conservan su estructura", Some("CARPETA")),
            ("in_place", "Reemplaza cada original por su copia limpia (no se puede deshacer)", None),
            (
                "rename",
                "Le pone a cada copia limpia un nombre neutro directamente en --out (photo.jpg, photo-2.jpg, video.mp4, document.pdf, recording.mp3…, sin pisar ningún archivo), para que ningún nombre diga cuándo se tomó, con qué aplicación ni a quién muestra; sin esta opción, los nombres se conservan",
                None,
            ),
            ("json", "Un objeto JSON por archivo y por línea (los nombres de los campos quedan en inglés)", None),
            ("jobs", "Archivos que se limpian a la vez (de forma predeterminada, uno por procesador); la salida sigue el orden de los archivos", Some("N")),
            ("paths", "Archivos o carpetas (las carpetas se limpian con todo lo que contienen)", Some("ARCHIVO_O_CARPETA")),
        ],
    ),
    (
        "link",
        "Limpia enlaces para compartir: quita lo que identifica a quien los compartió o rastrea a quien los abre",
        Some("Estado de salida:\n  0  se leyeron todos los enlaces (los que no se pueden limpiar sin conexión llevan un aviso)\n  2  la línea de órdenes estaba mal"),
        "silbato link [OPCIONES] <ENLACE>...",
        &[
            ("json", "Un objeto JSON por enlace y por línea (los nombres de los campos quedan en inglés)", None),
            ("urls", "Enlaces que limpiar; - los lee de la entrada estándar, uno por línea", Some("ENLACE")),
        ],
    ),
    (
        "text",
        "Busca datos personales en un texto leído de la entrada estándar: teléfonos, correos, direcciones, coordenadas, números de caso migratorio, enlaces para compartir",
        Some("Estado de salida:\n  0  se leyó el texto\n  1  no se pudo leer la entrada estándar o el archivo de lo que nunca publicas\n  2  la línea de órdenes estaba mal"),
        "silbato text [OPCIONES]",
        &[
            ("json", "Un objeto JSON (los nombres de los campos quedan en inglés; las posiciones son bytes UTF-8)", None),
            ("never_publish", "Un archivo con tu lista de lo que nunca publicas (nombres, calle, lugar de trabajo, teléfono), uno por línea", Some("ARCHIVO")),
        ],
    ),
    (
        "redact",
        "Tapa caras (las que encuentra Silbato o los recuadros que tú des) para que no se puedan recuperar; escribe fotos y vídeos nuevos en --out",
        Some("La foto se decodifica, se tapa a resolución completa y se vuelve a codificar (JPEG con calidad 92; PNG y WebP pasan a PNG), \
con su perfil de color y sin datos ocultos, miniatura ni vista previa. Las caras con cubrebocas o mascarilla, de perfil, lejanas o medio tapadas \
suelen pasar desapercibidas: mira el resultado y agrega recuadros con --box.\n\nVídeos (MP4, MOV, 3GP; hace falta ffmpeg): se buscan caras unas cuatro \
veces por segundo y se siguen entre una búsqueda y otra; cada fotograma se tapa con un relleno sólido y se vuelve a codificar en H.264 con una tasa \
de bits parecida a la original; el sonido se copia sin cambios salvo que des --no-sound; un --box se tapa en todos los fotogramas.\n\nEstado de salida:\n  \
0  se taparon, limpiaron y verificaron todos los archivos\n  1  al menos un archivo no se pudo leer, tapar o escribir; los demás sí\n  2  la línea de órdenes estaba mal"),
        "silbato redact [OPCIONES] --out <CARPETA> <ARCHIVO_O_CARPETA>...",
        &[
            ("faces", "Busca caras y las tapa", None),
            ("boxes", "Tapa también esta zona, en píxeles de la foto derecha (se puede repetir): izquierda,arriba,ancho,alto", Some("X,Y,AN,AL")),
            ("pixelate", "Píxeles grandes con ruido en vez de un color sólido (solo fotos)", None),
            ("no_sound", "Quita el sonido de los vídeos tapados (las voces también identifican); si no, se copia sin cambios", None),
            ("out", "Carpeta para las fotos y vídeos tapados (se crea si no existe)", Some("CARPETA")),
            ("json", "Un objeto JSON por foto y por línea (los nombres de los campos quedan en inglés)", None),
            ("paths", "Fotos (JPEG, PNG, WebP), vídeos (MP4, MOV, 3GP) o carpetas", Some("ARCHIVO_O_CARPETA")),
        ],
    ),
    (
        "demo",
        "Revisa y limpia una foto de ejemplo que viene con Silbato (lleva una ubicación, un número de serie y un nombre)",
        None,
        "silbato demo [OPCIONES]",
        &[("out", "Dónde escribir la foto de ejemplo limpia", Some("CARPETA"))],
    ),
];

const TEMPLATE: &str = "{before-help}{about-with-newline}\nUso: {usage}\n\n{all-args}{after-help}";

/// Help, version and language options, in Spanish, for one command.
fn common(cmd: Command, top: bool) -> Command {
    let cmd = cmd
        .help_template(TEMPLATE)
        .disable_help_flag(true)
        .arg(Arg::new("help").short('h').long("help").action(ArgAction::Help).help("Muestra esta ayuda").help_heading("Opciones"));
    if top {
        cmd.disable_version_flag(true)
            .arg(Arg::new("version").short('V').long("version").action(ArgAction::Version).help("Muestra la versión").help_heading("Opciones"))
    } else {
        cmd
    }
}

/// The command line with its Spanish help.
pub fn spanish(cmd: Command) -> Command {
    let mut cmd = common(cmd, true)
        .about("Mira lo que revelaría una foto, un video, un documento o una grabación antes de publicarlo, y quítalo sin tocar un píxel, una palabra ni un sonido.")
        .long_about(
            "Silbato encuentra lo que un archivo revela de quien lo hizo (la ubicación exacta, el número de serie de la cámara, nombres, \
autores y sus comentarios, identificadores únicos, fechas, vistas previas ocultas) y lo quita sin pérdida: los píxeles, el texto y el sonido \
quedan exactamente como estaban. Nada sale de esta computadora.\n\n\
Lee fotos JPEG, PNG, WebP, GIF, HEIC y AVIF, videos MP4, MOV y 3GP, documentos PDF, DOCX, XLSX, PPTX, ODT, ODS y ODP, \
y grabaciones MP3, M4A, WAV, FLAC, Ogg y Opus. Los videos y las grabaciones se leen por partes, nunca enteros; \
los PDF se leen enteros hasta 128 MB, los documentos de oficina hasta 256 MB.",
        )
        .after_help(EXIT_CLEAN)
        .override_usage("silbato [OPCIONES] <ORDEN>")
        .subcommand_help_heading("Órdenes")
        .subcommand_value_name("ORDEN")
        .mut_arg("lang", |a| {
            a.help("Idioma de los mensajes: en o es (de forma predeterminada, el de LANG)").value_name("IDIOMA").help_heading("Opciones")
        });
    for &(name, about, after, usage, args) in SUBCOMMANDS {
        cmd = cmd.mut_subcommand(name, |mut sub| {
            sub = common(sub, false).about(about).long_about(None::<&str>).override_usage(usage);
            if let Some(after) = after {
                sub = sub.after_help(after);
            }
            for &(id, help, value) in args {
                sub = sub.mut_arg(id, |a| {
                    let heading = if a.is_positional() { "Argumentos" } else { "Opciones" };
                    let a = a.help(help).long_help(None::<&str>).help_heading(heading);
                    match value {
                        Some(v) => a.value_name(v),
                        None => a,
                    }
                });
            }
            sub
        });
    }
    cmd
}

/// What clap's own `help` command does, in `lang`.
pub fn help_command(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "Print this help, or the help of the command given",
        Lang::Es => "Muestra esta ayuda, o la de la orden que des",
    }
}

/// A command-line error said in Spanish (clap's own messages are English only); exits like clap, with status 2.
pub fn argument_error(e: &clap::Error) -> String {
    let arg = match e.get(ContextKind::InvalidArg) {
        Some(ContextValue::String(s)) => format!(" «{s}»"),
        Some(ContextValue::Strings(v)) => format!(" «{}»", v.join("», «")),
        _ => String::new(),
    };
    let value = match e.get(ContextKind::InvalidValue) {
        Some(ContextValue::String(s)) => format!(" «{s}»"),
        _ => String::new(),
    };
    let what = match e.kind() {
        ClapKind::UnknownArgument => format!("la opción{arg} no existe"),
        ClapKind::InvalidSubcommand => format!("la orden{arg}{value} no existe"),
        ClapKind::MissingRequiredArgument => format!("falta{arg}"),
        ClapKind::MissingSubcommand => "falta la orden (inspect, clean, link, text, redact o demo)".to_string(),
        ClapKind::InvalidValue | ClapKind::ValueValidation => format!("el valor{value} de{arg} no es válido"),
        ClapKind::ArgumentConflict => format!("{arg} no se puede usar junto con otra opción que diste").trim_start().to_string(),
        ClapKind::TooManyValues | ClapKind::WrongNumberOfValues | ClapKind::TooFewValues => format!("número equivocado de valores para{arg}"),
        ClapKind::NoEquals => format!("{arg} necesita un valor con «=»").trim_start().to_string(),
        _ => "la línea de órdenes no es válida".to_string(),
    };
    format!("error: {what}.\n\nPara más información, usa «--help».")
}

/// Why a file could not be read, cleaned or covered, by kind, with what to do next.
/// English keeps the technical detail after the plain words; Spanish gives the plain words only.
pub fn reason(e: &ErrorReport, lang: Lang) -> String {
    let said = match (e.kind, lang) {
        (ErrorKind::Truncated, Lang::En) => "the file is cut short, so Silbato cannot be sure what is in it. Do not post it as it is; if it is a photo, post a screenshot of it instead",
        (ErrorKind::Truncated, Lang::Es) => "el archivo está cortado, así que Silbato no puede estar seguro de lo que contiene. No lo publiques tal cual; si es una foto, publica una captura de pantalla de ella",
        (ErrorKind::Malformed, Lang::En) => "the file is damaged, so Silbato cannot be sure what is in it. Do not post it as it is; if it is a photo, post a screenshot of it instead",
        (ErrorKind::Malformed, Lang::Es) => "el archivo está dañado, así que Silbato no puede estar seguro de lo que contiene. No lo publiques tal cual; si es una foto, publica una captura de pantalla de ella",
        (ErrorKind::Unsupported, Lang::En) => "Silbato cannot clean this kind of file yet. Do not post it as it is; if it is a photo, post a screenshot of it instead",
        (ErrorKind::Unsupported, Lang::Es) => "Silbato todavía no puede limpiar este tipo de archivo. No lo publiques tal cual; si es una foto, publica una captura de pantalla de ella",
        (ErrorKind::LimitExceeded, Lang::En) => "the file is larger or more complex than Silbato accepts. Do not post it as it is; a video can be trimmed or split and checked again",
        (ErrorKind::LimitExceeded, Lang::Es) => "el archivo es más grande o complejo de lo que Silbato acepta. No lo publiques tal cual; un video se puede recortar o dividir y volver a revisar",
        (ErrorKind::Unverified, Lang::En) => "Silbato could not confirm that the cleaned copy is clean, so it wrote none. Do not post the original; if it is a photo, post a screenshot of it instead",
        (ErrorKind::Unverified, Lang::Es) => "Silbato no pudo confirmar que la copia limpia esté limpia, así que no escribió ninguna. No publiques el original; si es una foto, publica una captura de pantalla de ella",
        (ErrorKind::InvalidArgument, Lang::En) => "this would overwrite another file or cannot be done as asked. Choose another folder with --out",
        (ErrorKind::InvalidArgument, Lang::Es) => "esto pisaría otro archivo o no se puede hacer como se pidió. Elige otra carpeta con --out",
        (ErrorKind::Io, Lang::En) => "the file could not be read or written. Check that it exists and that you may read it and write in the --out folder",
        (ErrorKind::Io, Lang::Es) => "el archivo no se pudo leer o escribir. Revisa que exista y que tengas permiso para leerlo y para escribir en la carpeta de --out",
        (ErrorKind::NeedBytes, Lang::En) => "something went wrong while the file was read. Do not post it as it is; ask someone you trust for help",
        (ErrorKind::NeedBytes, Lang::Es) => "algo salió mal al leer el archivo. No lo publiques tal cual; pide ayuda a alguien de confianza",
    };
    match lang {
        Lang::En => format!("{said} ({})", e.message),
        Lang::Es => said.to_string(),
    }
}

/// A warning of the core (English, technical) in plain words of `lang`.
pub fn warning(w: &str, lang: Lang) -> String {
    let (en, es) = if w.contains("Silbato cannot clean this image") {
        (
            "Silbato cannot clean this image: it holds a part Silbato does not know.",
            "Silbato no puede limpiar esta imagen: tiene una parte que Silbato no conoce.",
        )
    } else if w.contains("rotation may be lost") {
        (
            "Part of the hidden data could not be read; it is removed all the same, and the photo may show turned on its side.",
            "Una parte de los datos ocultos no se pudo leer; se quita de todos modos, y la foto podría verse girada.",
        )
    } else if w.contains("removed all the same") {
        (
            "Part of the hidden data was damaged and could not be read in full; it is removed all the same.",
            "Una parte de los datos ocultos estaba dañada y no se pudo leer entera; se quita de todos modos.",
        )
    } else {
        return match lang {
            Lang::En => w.to_string(),
            Lang::Es => "Una parte del archivo no se pudo leer del todo; lo que no se pudo leer se quita.".to_string(),
        };
    };
    match lang {
        Lang::En => en.to_string(),
        Lang::Es => es.to_string(),
    }
}

/// The fixed line after photos are cleaned (docs/glossary.md).
pub fn still_visible(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "What can be seen is still there: faces, tattoos, signs, licence plates. Look at each photo before you post it (silbato redact --faces covers faces).",
        Lang::Es => "Lo que se ve sigue ahí: caras, tatuajes, letreros, placas. Mira cada foto antes de publicarla (silbato redact --faces tapa caras).",
    }
}
