/* Un fichier de content/ qui remplacerait le script du thème sur toutes les pages. */
alert(document.domain);
